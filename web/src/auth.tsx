import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, setUnauthorizedHandler, tokenStore } from './api/client.ts';

export interface Me {
  user: { id: string; email: string; displayName: string } | null;
  tenant: { id: string; slug: string; name: string; kind: string; platformId: string | null };
  role: string;
}

interface AuthState {
  me: Me | null;
  /** true until the stored token was checked */
  checking: boolean;
  login(email: string, password: string, tenant?: string, remember?: boolean): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => tokenStore.get() !== null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      tokenStore.clear();
      setMe(null);
    });
    if (!tokenStore.get()) return;
    api
      .get('/api/v1/me')
      .then((m) => setMe(m as Me))
      .catch(() => tokenStore.clear())
      .finally(() => setChecking(false));
  }, []);

  const login = useCallback(async (email: string, password: string, tenant?: string, remember = false) => {
    const r = await api.post('/api/v1/auth/login', { body: { email, password, ...(tenant ? { tenant } : {}) } });
    tokenStore.set(r.token, remember);
    setMe((await api.get('/api/v1/me')) as Me);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } catch {
      // already invalid: forget it anyway
    }
    tokenStore.clear();
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, checking, login, logout }), [me, checking, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
