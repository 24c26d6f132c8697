import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, type Me, ok, setUnauthorizedHandler, tokenStore } from './api';
import { ROLE_LABELS } from './format';
import { useTitleFromHeading } from './hooks';
import { BoardPage } from './pages/board-page';
import { DirectivePage } from './pages/directive-page';
import { DirectivesPage } from './pages/directives-page';
import { ImportPage } from './pages/import-page';
import { InboxPage } from './pages/inbox-page';
import { MessagesPage } from './pages/messages-page';
import { SignInPage } from './pages/sign-in-page';
import { Link, navigate, useLocation } from './router';
import { canAct, type Session, SessionContext } from './session';
import { useUnreadCount } from './unread-stream';

type State = { kind: 'loading' } | { kind: 'signed-out'; message?: string } | { kind: 'signed-in'; me: Me };

export function App() {
  useTitleFromHeading();
  const [state, setState] = useState<State>(() => (tokenStore.get() ? { kind: 'loading' } : { kind: 'signed-out' }));

  const signOut = useCallback((message?: string) => {
    tokenStore.clear();
    setState({ kind: 'signed-out', message });
    navigate('/');
  }, []);

  const signIn = useCallback(async (token: string) => {
    const me = await ok(api.GET('/api/me', { headers: { Authorization: `Bearer ${token}` } }));
    tokenStore.set(token);
    setState({ kind: 'signed-in', me });
  }, []);

  useEffect(() => setUnauthorizedHandler(() => signOut('登录已失效，请重新登录')), [signOut]);

  useEffect(() => {
    const token = tokenStore.get();
    if (!token || state.kind !== 'loading') return;
    signIn(token).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) signOut('登录已失效，请重新登录');
      else setState({ kind: 'signed-out', message: e instanceof Error ? e.message : String(e) });
    });
  }, [state.kind, signIn, signOut]);

  if (state.kind === 'loading')
    return (
      <p className="loading" role="status">
        正在加载…
      </p>
    );
  if (state.kind === 'signed-out') return <SignInPage onSignIn={signIn} message={state.message} />;
  return <Shell me={state.me} signOut={() => signOut()} />;
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
    { to: '/directives', label: '公文' },
    { to: '/board', label: '督办' },
    ...(canAct(me) ? [{ to: '/import', label: '导入通知' }] : []),
  ];
  const current = path === '/' ? home : path;

  let page;
  const directive = /^\/directives\/([^/]+)$/.exec(current);
  if (directive) page = <DirectivePage id={decodeURIComponent(directive[1])} />;
  else if (current === '/inbox') page = <InboxPage />;
  else if (current === '/directives') page = <DirectivesPage />;
  else if (current === '/board') page = <BoardPage />;
  else if (current === '/import') page = <ImportPage />;
  else if (current === '/messages') page = <MessagesPage unread={unread} onUnread={setUnread} />;
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
          <span className="who-unit">{me.unitName}</span>
          <span className="who-role">{ROLE_LABELS[me.role] ?? me.role}</span>
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
