import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Flex, Form, Input, Segmented, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { api, ApiError, errorText } from '../api.ts';
import { setLocale, useLocale, useMessages, useT, type Locale } from '../i18n.ts';
import { orgMessages } from '../../modules/org/ui/org.messages.ts';
import type { DemoAccountsReply } from '../../server/demo-accounts.ts';
import { useSession } from '../session.tsx';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in, so a crafted link cannot send the user elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/dashboard';
}

/** The demo accounts the server names (only in demo mode), each filling the form when clicked. */
function DemoAccounts({ onPick }: { onPick: (username: string, password: string) => void }) {
  const t = useT();
  const tOrg = useMessages(orgMessages);
  const [demo, setDemo] = useState<DemoAccountsReply | null>(null);
  useEffect(() => {
    let live = true;
    api.get<DemoAccountsReply>('/api/demo-accounts', undefined, { allowUnauthenticated: true }).then(
      (reply) => live && setDemo(reply),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  const password = demo?.password;
  if (!password || !demo.accounts.length) return null;
  return (
    <section aria-label={t('login.demoTitle')} style={{ marginTop: 16 }}>
      <Typography.Text strong>{t('login.demoTitle')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px', fontSize: 12 }}>
        {t('login.demoHint', { password })}
      </Typography.Paragraph>
      <Flex vertical gap={4}>
        {demo.accounts.map((a) => (
          <Button key={a.username} size="small" block onClick={() => onPick(a.username, password)} style={{ display: 'flex', justifyContent: 'space-between' }}>
            <span>
              <Typography.Text code>{a.username}</Typography.Text> {a.displayName}
            </span>
            <span>
              {a.roles.map((role) => (
                <Tag key={role} style={{ marginInlineEnd: 0 }}>
                  {tOrg(`role.${role}`)}
                </Tag>
              ))}
            </span>
          </Button>
        ))}
      </Flex>
    </section>
  );
}

/** The sign-in page: username and password, the reason when it fails (wrong password, too many attempts), and in demo mode the demo accounts. */
export function LoginPage() {
  const t = useT();
  const locale = useLocale();
  const { status, endedBy, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<LoginForm>();
  const next = safeNext(params.get('next'));

  if (status === 'signed-in') return <Navigate to={next} replace />;

  const submit = async (values: LoginForm) => {
    setBusy(true);
    setProblem(null);
    try {
      await signIn(values.username.trim(), values.password);
      navigate(next, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) {
        setProblem(t('login.throttled', { minutes: Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60)) }));
      } else if (error instanceof ApiError && error.status === 400) {
        setProblem(t('login.failed'));
      } else {
        setProblem(errorText(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg, #fdf3f2 0%, #f5f5f5 60%)' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Flex vertical align="center" gap={4} style={{ marginBottom: 24 }}>
          <span
            aria-hidden
            style={{ display: 'inline-grid', placeItems: 'center', width: 48, height: 48, borderRadius: 10, background: '#b8322a', color: '#fff', fontSize: 26, fontWeight: 700 }}
          >
            {t('app.logo')}
          </span>
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
            {t('app.tagline')}
          </Typography.Text>
        </Flex>
        {problem ?? (status === 'signed-out' && endedBy === 'expiry') ? (
          <Alert type={problem ? 'error' : 'warning'} showIcon title={problem ?? t('login.sessionEnded')} style={{ marginBottom: 16 }} role="alert" />
        ) : null}
        <Form<LoginForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={status === 'loading'}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <DemoAccounts onPick={(username, password) => form.setFieldsValue({ username, password })} />
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Segmented<Locale>
            size="small"
            value={locale}
            onChange={(value) => setLocale(value)}
            aria-label={t('header.language')}
            options={[
              { value: 'zh-CN', label: t('lang.zh') },
              { value: 'en-US', label: t('lang.en') },
            ]}
          />
        </Flex>
      </Card>
    </Flex>
  );
}
