/** Where reminders leave the app: the SMTP server (from config) and which hosts a group robot's webhook may name. */
export interface NotifyConfig {
  /** LUOSHI_SMTP_URL, e.g. smtp://user:pass@mail.example.gov.cn:587 or smtps://…:465; null: e-mail is not sent. */
  smtpUrl: string | null;
  /** LUOSHI_SMTP_FROM, the sender of reminder e-mails. */
  smtpFrom: string;
  /** LUOSHI_WEBHOOK_HOSTS: the hosts a DingTalk or WeCom webhook URL may name; an empty list allows any host. */
  webhookHosts: string[];
}

let current: NotifyConfig = { smtpUrl: null, smtpFrom: '落实 Luoshi <luoshi@localhost>', webhookHosts: ['oapi.dingtalk.com', 'qyapi.weixin.qq.com'] };

/** Sets where reminders leave the app; app.ts and `luoshi reminders` call it from the config. */
export function configureReminders(config: NotifyConfig): void {
  current = { ...config, webhookHosts: config.webhookHosts.map((h) => h.toLowerCase()) };
}

/** Where reminders leave the app, as configured. */
export function notifyConfig(): NotifyConfig {
  return current;
}
