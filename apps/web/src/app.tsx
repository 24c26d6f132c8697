import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, type Me, ok, publicApi, setUnauthorizedHandler, tokenStore } from './api';
import { useTitleFromHeading } from './hooks';
import { ApprovalsPage } from './pages/approvals-page';
import { AssignmentPage } from './pages/assignment-page';
import { BoardPage } from './pages/board-page';
import { DirectivePage } from './pages/directive-page';
import { DirectivesPage } from './pages/directives-page';
import { ImportPage } from './pages/import-page';
import { InboxPage } from './pages/inbox-page';
import { MessagesPage } from './pages/messages-page';
import { NotificationsAdminPage } from './pages/notifications-admin-page';
import { PasswordPage } from './pages/password-page';
import { SignInPage } from './pages/sign-in-page';
import { Link, navigate, useLocation, useTitle } from './router';
import { canAct, type Session, SessionContext } from './session';
import { decidesExtensions } from './components/issuer-actions';
import { useUnreadCount } from './unread-stream';

type State = { kind: 'loading' } | { kind: 'signed-out'; message?: string } | { kind: 'signed-in'; me: Me };

export function App() {
  useTitleFromHeading();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const signOut = useCallback((message?: string) => {
    tokenStore.clear();
    setState({ kind: 'signed-out', message });
    navigate('/');
  }, []);

  const signIn = useCallback(async (login: string, password: string) => {
    tokenStore.clear();
    const me = await ok(publicApi.POST('/api/auth/sign-in', { body: { login, password } }));
    setState({ kind: 'signed-in', me });
  }, []);

  const signInWithToken = useCallback(async (token: string) => {
    const me = await ok(publicApi.GET('/api/me', { headers: { Authorization: `Bearer ${token}` } }));
    tokenStore.set(token);
    setState({ kind: 'signed-in', me });
  }, []);

  useEffect(() => setUnauthorizedHandler(() => signOut('登录已失效，请重新登录')), [signOut]);

  // Who is signed in: the session cookie (HttpOnly, so only the server can tell) or a stored token.
  useEffect(() => {
    if (state.kind !== 'loading') return;
    const token = tokenStore.get();
    ok(publicApi.GET('/api/me', token ? { headers: { Authorization: `Bearer ${token}` } } : {}))
      .then((me) => setState({ kind: 'signed-in', me }))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) {
          tokenStore.clear();
          setState({ kind: 'signed-out', message: token ? '登录已失效，请重新登录' : undefined });
        } else setState({ kind: 'signed-out', message: e instanceof Error ? e.message : String(e) });
      });
  }, [state.kind]);

  const leave = useCallback(() => {
    // The session ends on the server first; a failure there still signs the page out.
    void publicApi
      .POST('/api/auth/sign-out')
      .catch(() => undefined)
      .finally(() => signOut());
  }, [signOut]);

  if (state.kind === 'loading')
    return (
      <p className="loading" role="status">
        正在加载…
      </p>
    );
  if (state.kind === 'signed-out')
    return <SignedOut onSignIn={signIn} onSignInWithToken={signInWithToken} message={state.message} />;
  return <Shell me={state.me} signOut={leave} />;
}

function Shell({ me, signOut }: { me: Me; signOut: () => void }) {
  const { path } = useLocation();
  const session: Session = useMemo(() => ({ me, signOut }), [me, signOut]);
  const home = me.role === 'supervisor' ? '/board' : '/inbox';
  const [unread, setUnread] = useUnreadCount(me.unitCode);
  useEffect(() => {
    if (path === '/' || path === '/index.html') history.replaceState(null, '', home);
  }, [path, home]);

  const nav = [
    ...(canAct(me) ? [{ to: '/inbox', label: '待办' }] : []),
    ...(decidesExtensions(me.role) ? [{ to: '/approvals', label: '待审批' }] : []),
    { to: '/directives', label: '公文' },
    { to: '/board', label: '督办' },
    ...(canAct(me) ? [{ to: '/import', label: '导入通知' }] : []),
    ...(me.role === 'admin' ? [{ to: '/admin/notifications', label: '消息设置' }] : []),
  ];
  const current = path === '/' ? home : path;
  let page;
  const directive = /^\/directives\/([^/]+)$/.exec(current);
  const assignment = /^\/assignments\/([^/]+)$/.exec(current);
  const box = /^\/inbox(?:\/(done|closed))?$/.exec(current);
  if (current === '/directives/mine') page = <DirectivesPage mine />;
  else if (directive) page = <DirectivePage id={decodeURIComponent(directive[1])} />;
  else if (assignment) page = <AssignmentPage id={decodeURIComponent(assignment[1])} />;
  else if (!canAct(me) && (box || current === '/import')) page = <NotForSupervisors />;
  else if (box) page = <InboxPage box={box[1] === 'done' ? 'done' : box[1] === 'closed' ? 'closed' : 'todo'} />;
  else if (current === '/directives') page = <DirectivesPage mine={false} />;
  else if (current === '/board') page = <BoardPage />;
  else if (current === '/approvals') page = <ApprovalsPage />;
  else if (current === '/import') page = <ImportPage />;
  else if (current === '/admin/notifications') page = <NotificationsAdminPage />;
  else if (current === '/messages') page = <MessagesPage unread={unread} onUnread={setUnread} />;
  else if (current === '/password' && me.login) page = <PasswordPage />;
  else
    page = (
      <section>
        <h1>页面不存在</h1>
        <p>
          <Link to={home}>返回首页</Link>
        </p>
      </section>
    );

  return (
    <SessionContext.Provider value={session}>
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <header className="topbar">
        <div className="brand">
          <span aria-hidden="true" className="brand-mark">
            ◆
          </span>{' '}
          Cascade 公文督办
        </div>
        <nav aria-label="主导航">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  aria-current={current === item.to || current.startsWith(`${item.to}/`) ? 'page' : undefined}
                >
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <Link to="/messages" className="messages-link" aria-current={current === '/messages' ? 'page' : undefined}>
            消息
            {!!unread && (
              <span className="unread-badge" data-testid="unread-badge">
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </Link>
          <span className="who-person" data-testid="who">
            {me.name && <span className="who-name">{me.name} · </span>}
            <span className="who-unit">{me.unitName}</span> · <span className="who-role">{me.roleName}</span>
          </span>
          {me.login && (
            <Link to="/password" aria-current={current === '/password' ? 'page' : undefined}>
              修改密码
            </Link>
          )}
          <button type="button" className="link-button" onClick={signOut}>
            退出
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {page}
      </main>
    </SessionContext.Provider>
  );
}

/** What a supervisor who opens 待办 or 导入 by address reads instead of a form that would fail. */
function NotForSupervisors() {
  useTitle('无需办理');
  return (
    <section>
      <h1>督查人员不办理公文</h1>
      <p>督查人员查看下级单位的办理情况并催办，不签收、报送或导入公文，因此没有待办和导入通知。</p>
      <p>
        <Link to="/board">前往督办</Link> · <Link to="/directives">查看公文</Link>
      </p>
    </section>
  );
}

function SignedOut(props: Parameters<typeof SignInPage>[0]) {
  useTitle('登录');
  return <SignInPage {...props} />;
}
