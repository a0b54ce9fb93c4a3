import crypto from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type { NotifyConfig } from './tracking.notify.config.ts';

/** What a channel is asked to send. */
export interface Message {
  subject: string;
  body: string;
}

/** A delivery that did not go through, with what the other side said. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** Trying again will not help (no SMTP server configured, the channel was removed). */
    readonly permanent = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * DingTalk's signed mode: the webhook URL with `timestamp` (ms) and `sign`, the base64 HMAC-SHA256 of
 * "timestamp\nsecret" keyed by the secret, URL-encoded.
 * @example signDingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=x', 'SEC…', 1700000000000)
 */
export function signDingtalkUrl(webhook: string, secret: string, timestamp = Date.now()): string {
  const sign = crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  return `${webhook}${webhook.includes('?') ? '&' : '?'}timestamp=${timestamp}&sign=${encodeURIComponent(sign)}`;
}

const TIMEOUT_MS = 15_000;

/** Posts a group robot's JSON and reads its answer: HTTP 200 with errcode 0 is success (DingTalk and WeCom alike). */
async function postRobot(url: string, payload: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new DeliveryError(`request failed: ${(error as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new DeliveryError(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: number; errmsg?: string } = {};
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    // Some proxies answer 200 with no body; a robot's answer always carries errcode.
  }
  if (answer.errcode !== undefined && answer.errcode !== 0) throw new DeliveryError(`errcode ${answer.errcode}: ${answer.errmsg ?? ''}`);
}

/** Sends a text message to a DingTalk group robot, signed when the unit set a secret. */
export async function sendDingtalk(webhook: string, secret: string | null, m: Message): Promise<void> {
  const url = secret ? signDingtalkUrl(webhook, secret) : webhook;
  await postRobot(url, { msgtype: 'text', text: { content: `${m.subject}\n${m.body}` } });
}

/** Sends a text message to a WeCom (企业微信) group robot. */
export async function sendWecom(webhook: string, m: Message): Promise<void> {
  await postRobot(webhook, { msgtype: 'text', text: { content: `${m.subject}\n${m.body}` } });
}

let transport: { url: string; mailer: Transporter } | null = null;

/** Sends one e-mail through the configured SMTP server (one pooled connection per server process). */
export async function sendEmail(config: NotifyConfig, to: string[], m: Message): Promise<void> {
  if (!config.smtpUrl) throw new DeliveryError('LUOSHI_SMTP_URL is not set: e-mail is not sent', true);
  if (!transport || transport.url !== config.smtpUrl) {
    transport?.mailer.close();
    transport = { url: config.smtpUrl, mailer: nodemailer.createTransport(config.smtpUrl) };
  }
  try {
    await transport.mailer.sendMail({ from: config.smtpFrom, to, subject: m.subject, text: m.body });
  } catch (error) {
    throw new DeliveryError(`SMTP: ${(error as Error).message}`);
  }
}

/** Whether a webhook URL may be posted to: http(s), and one of the allowed hosts when a list is set. */
export function webhookAllowed(config: Pick<NotifyConfig, 'webhookHosts'>, url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  return config.webhookHosts.length === 0 || config.webhookHosts.includes(u.hostname.toLowerCase());
}
