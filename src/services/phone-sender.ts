import { maskPhone } from '../domain/masking.ts';

/**
 * Sends a verification code to a phone. Plug in an SMS gateway (阿里云短信, 腾讯云短信 …) by implementing this;
 * the default only writes the message to the log, for development and for deployments without SMS.
 */
export interface PhoneCodeSender {
  send(phone: string, text: string): Promise<void>;
}

/** Writes each message to the log (with the code: that is its purpose) and keeps the last few for tests. */
export class LogPhoneSender implements PhoneCodeSender {
  readonly sent: { phone: string; text: string }[] = [];
  constructor(private readonly log: (fields: Record<string, unknown>, msg: string) => void) {}

  async send(phone: string, text: string): Promise<void> {
    this.log({ phone: maskPhone(phone) }, `phone code (log sender): ${text}`);
    this.sent.push({ phone, text });
    if (this.sent.length > 50) this.sent.shift();
  }
}
