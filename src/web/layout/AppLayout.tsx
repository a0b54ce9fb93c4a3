import { createElement, useEffect, useMemo, useState } from 'react';
import { Outlet, matchPath, useLocation, useNavigate } from 'react-router';
import { Button, Drawer, Dropdown, Flex, Layout, Menu, Segmented, Typography, theme, type MenuProps } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { setLocale, translate, useLocale, useT, type Locale } from '../i18n.ts';
import { api } from '../api.ts';
import { headerItems, pageRoutes, routeVisible, type PageRoute } from '../routes.ts';
import { useMe, useSession } from '../session.tsx';
import { ChangePasswordModal } from '../pages/ChangePasswordModal.tsx';
import { useIsPhone } from './useIsPhone.ts';

const { Header, Sider, Content } = Layout;

/** The routes whose paths match the location, best (longest pattern) first. */
function matchingRoutes(pathname: string): PageRoute[] {
  return pageRoutes.filter((r) => matchPath({ path: r.path, end: false }, pathname)).sort((a, b) => b.path.length - a.path.length);
}

function Brand({ compact }: { compact?: boolean }) {
  const t = useT();
  return (
    <Flex align="center" gap={8} style={{ height: 56, paddingInline: compact ? 0 : 16, justifyContent: compact ? 'center' : 'flex-start' }}>
      <span
        aria-hidden
        style={{ display: 'inline-grid', placeItems: 'center', width: 28, height: 28, borderRadius: 6, background: '#b8322a', color: '#fff', fontWeight: 700 }}
      >
        {t('app.logo')}
      </span>
      {compact ? null : (
        <Typography.Text strong style={{ fontSize: 17 }}>
          {t('app.name')}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The signed-in frame: side menu (a drawer on a phone), header with user, language switch and sign-out, then the page. */
export function AppLayout() {
  const me = useMe();
  const { signOut } = useSession();
  const t = useT();
  const locale = useLocale();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { token } = theme.useToken();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  const matches = matchingRoutes(pathname);
  const active = matches[0];
  // A page without a menu entry (/plans/new) lights up its section's entry (/plans).
  const activeMenu = matches.find((r) => r.menuKey);
  useEffect(() => {
    document.title = active ? `${translate(active.label, undefined, locale)} · ${t('app.name')}` : t('app.name');
  }, [active, locale, t]);
  useEffect(() => setDrawerOpen(false), [pathname]);

  const items = useMemo<MenuProps['items']>(() => {
    const entry = (r: PageRoute) => ({
      key: r.path,
      icon: r.icon ? createElement(r.icon) : undefined,
      label: translate(r.label, undefined, locale),
    });
    const shown = pageRoutes.filter((r) => r.menuKey && routeVisible(r, me));
    const work = shown.filter((r) => r.group !== 'system').map(entry);
    const system = shown.filter((r) => r.group === 'system').map(entry);
    return [
      ...work,
      ...(system.length ? [{ type: 'group' as const, key: 'system', label: t('nav.group.system'), children: system }] : []),
    ];
  }, [me, locale, t]);

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={activeMenu ? [activeMenu.path] : []}
      onClick={({ key }) => navigate(key)}
      style={{ borderInlineEnd: 'none' }}
      data-testid="main-menu"
    />
  );

  const userMenu: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: () => setPasswordOpen(true) },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: () => void signOut() },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isPhone ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<Brand />}
          styles={{ body: { padding: 0 }, header: { padding: '0 8px' } }}
          data-testid="menu-drawer"
        >
          {menu}
        </Drawer>
      ) : (
        <Sider
          theme="light"
          width={220}
          collapsible
          collapsed={collapsed}
          trigger={null}
          style={{ borderInlineEnd: `1px solid ${token.colorSplit}` }}
          data-testid="side-menu"
        >
          <Brand compact={collapsed} />
          {menu}
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            paddingInline: isPhone ? 8 : 16,
            height: 56,
            lineHeight: '56px',
            borderBottom: `1px solid ${token.colorSplit}`,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
          }}
        >
          {isPhone ? (
            <>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.openMenu')} onClick={() => setDrawerOpen(true)} />
              <Typography.Text strong style={{ fontSize: 16 }}>
                {t('app.name')}
              </Typography.Text>
            </>
          ) : (
            <Button
              type="text"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              onClick={() => setCollapsed(!collapsed)}
            />
          )}
          <div style={{ flex: 1 }} />
          {headerItems.map((Item, i) => (
            <Item key={i} />
          ))}
          <Segmented<Locale>
            size="small"
            value={locale}
            onChange={(value) => {
              setLocale(value);
              // Saved to the account too, so the choice follows the person to any browser.
              void api.put('/api/auth/me/locale', { locale: value }).catch(() => undefined);
            }}
            aria-label={t('header.language')}
            options={[
              { value: 'zh-CN', label: t('lang.zh') },
              { value: 'en-US', label: t('lang.en') },
            ]}
            data-testid="language-switch"
          />
          <Dropdown menu={{ items: userMenu }} trigger={['click']}>
            <Button type="text" data-testid="user-menu" style={{ maxWidth: isPhone ? 120 : 240 }}>
              <UserOutlined />
              <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.display_name}</span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
      <ChangePasswordModal
        open={passwordOpen || me.must_change_password}
        forced={me.must_change_password}
        onClose={() => setPasswordOpen(false)}
      />
    </Layout>
  );
}
