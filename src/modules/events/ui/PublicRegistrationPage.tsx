import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Input, Result, Select, Typography } from 'antd';
import { ApiError, errorText } from '../../../web/api.ts';
import { useFeedback } from '../../../web/feedback.ts';
import { useMessages } from '../../../web/i18n.ts';
import { Loading, WithQueryClient } from './query.tsx';
import { eventMessages } from './events.messages.ts';
import { eventsApi, linkPath } from './events.api.ts';

/** The public registration form of a public event, for anyone with its link (no account needed). */
export default function PublicRegistrationPage() {
  return (
    <WithQueryClient>
      <Registration />
    </WithQueryClient>
  );
}

const china = (at: string) => new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

function Registration() {
  const { id } = useParams() as { id: string };
  const t = useMessages(eventMessages);
  const feedback = useFeedback();
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form) as string | undefined;
  const [done, setDone] = useState<{ name: string; code: string; link: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const page = useQuery({ queryKey: ['event-public', id], queryFn: () => eventsApi.publicEvent(id), retry: false });
  const shell = (children: ReactNode) => <div style={{ maxWidth: 720, margin: '32px auto', padding: '0 16px' }}>{children}</div>;
  if (page.error) {
    const e = page.error;
    const invitation = e instanceof ApiError && e.code === 'invitation_only';
    const missing = e instanceof ApiError && e.status === 404;
    return shell(<Result status={invitation ? '403' : missing ? '404' : 'error'} title={invitation ? t('pub.invitation') : missing ? t('pub.notFound') : errorText(e)} subTitle={invitation ? errorText(e) : undefined} data-testid="public-refused" />);
  }
  const p = page.data;
  if (!p) return shell(<Loading error={null} />);
  const ev = p.event;
  if (done)
    return shell(
      <Result
        status="success"
        title={t('pub.done')}
        subTitle={t('pub.doneCode', { name: done.name, code: done.code })}
        data-testid="public-done"
        extra={
          done.link && (
            <Alert
              type="warning"
              showIcon
              title={t('pub.link')}
              description={
                <>
                  <Typography.Paragraph copyable={{ text: `${globalThis.location.origin}${done.link}` }} code data-testid="public-self-link">
                    {`${globalThis.location.origin}${done.link}`}
                  </Typography.Paragraph>
                  <a href={done.link} data-testid="public-self-open">
                    {t('pub.linkOpen')}
                  </a>
                </>
              }
            />
          )
        }
      />,
    );
  const window = !ev.registration_opens_at && !ev.registration_closes_at ? t('pub.windowAlways') : t('pub.window', { from: ev.registration_opens_at ? china(ev.registration_opens_at) : t('pub.open'), to: ev.registration_closes_at ? china(ev.registration_closes_at) : t('pub.open') });
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    try {
      const r = await eventsApi.registerPublicly(id, { ...v, uscc: v.uscc || null, availableSlotIds: (v.availableSlotIds as string[] | undefined)?.length ? v.availableSlotIds : undefined });
      setDone({ name: r.name, code: r.code, link: r.link_token ? linkPath(id, r.link_token) : null });
    } catch (e) {
      feedback.error(e, form);
      if (e instanceof ApiError && e.code === 'registration_closed') void page.refetch();
    } finally {
      setBusy(false);
    }
  };
  return shell(
    <Card title={t('pub.title', { name: ev.name })} styles={{ title: { whiteSpace: 'normal' } }}>
      <Typography.Paragraph>{t('pub.when', { date: ev.ends_on && ev.ends_on !== ev.starts_on ? `${ev.starts_on} – ${ev.ends_on}` : ev.starts_on, venue: ev.venue ?? '—' })}</Typography.Paragraph>
      {ev.description && <Typography.Paragraph type="secondary">{ev.description}</Typography.Paragraph>}
      <Typography.Paragraph type="secondary">{window}</Typography.Paragraph>
      {!ev.registration_open ? (
        <Alert type="warning" showIcon title={t('pub.closed')} description={window} data-testid="public-closed" />
      ) : (
        <Form form={form} layout="vertical" initialValues={{ kind: 'enterprise' }} onFinish={(v) => void submit(v)}>
          <Form.Item name="kind" label={t('p.kind')}>
            <Select options={(['enterprise', 'association', 'investor', 'government'] as const).map((k) => ({ value: k, label: t(`kind.${k}`) }))} data-testid="public-kind" />
          </Form.Item>
          <Form.Item name="name" label={t('p.name')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="public-name" />
          </Form.Item>
          <Form.Item name="uscc" label={t('p.uscc')} extra={t('pub.usccHint')} rules={[{ required: kind === 'enterprise' }]}>
            <Input maxLength={40} data-testid="public-uscc" />
          </Form.Item>
          <Form.Item name="contactName" label={t('p.contact')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('p.phone')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="contactEmail" label={t('pub.email')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="description" label={t('p.description')}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          {p.slots.length > 0 && (
            <Form.Item name="availableSlotIds" label={t('pub.slots')}>
              <Checkbox.Group options={p.slots.map((s) => ({ value: s.id, label: s.label }))} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid="public-submit">
            {t('pub.submit')}
          </Button>
        </Form>
      )}
    </Card>,
  );
}
