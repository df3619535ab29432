import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** Typed view of migrations/0005_channels.sql for Kysely. */
export interface InboundAddressesTable {
  tenant_id: string;
  address: string;
  created_at: CreatedAt;
}

export interface MailMessagesTable {
  tenant_id: string;
  message_id: string;
  case_id: string;
  direction: 'in' | 'out';
  from_address: string | null;
  subject: string | null;
  raw_key: string | null;
  at: Timestamp;
}

export interface MailIgnoredTable {
  tenant_id: string;
  id: Generated<string>;
  message_id: string | null;
  reason: string;
  from_address: string | null;
  subject: string | null;
  at: Timestamp;
}

export interface MailQuarantineTable {
  id: Generated<string>;
  tenant_id: string | null;
  reason: string;
  detail: Json<Record<string, unknown>>;
  raw_key: string;
  size_bytes: number;
  sha256: string;
  envelope_to: Json<string[]>;
  source: string;
  attempts: Generated<number>;
  status: Generated<'held' | 'released'>;
  released_at: Timestamp | null;
  released_outcome: Json<Record<string, unknown>> | null;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface MailTables {
  inbound_addresses: InboundAddressesTable;
  mail_messages: MailMessagesTable;
  mail_ignored: MailIgnoredTable;
  mail_quarantine: MailQuarantineTable;
}
