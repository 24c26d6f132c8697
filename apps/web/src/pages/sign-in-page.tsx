import { type FormEvent, useEffect, useState } from 'react';
import { type DemoAccount, ok, publicApi } from '../api';
import { ErrorNote } from '../components/bits';
import { PasswordField } from '../components/password-field';
import { useAction } from '../hooks';

export interface SignInHandlers {
  onSignIn: (login: string, password: string) => Promise<void>;
  /** Integrators who hold an API token (`cascade tokens create`) may use it instead. */
  onSignInWithToken: (token: string) => Promise<void>;
  message?: string;
}

export function SignInPage({ onSignIn, onSignInWithToken, message }: SignInHandlers) {
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const { busy, error, run } = useAction(message ?? null);
  const [demo, setDemo] = useState<DemoAccount[] | null>(null);

  useEffect(() => {
    // Only a server in demo mode lists demo accounts; anywhere else this is a 404 and nothing shows.
    ok(publicApi.GET('/api/demo/accounts'))
      .then((accounts) => setDemo(Array.isArray(accounts) ? accounts : null))
      .catch(() => setDemo(null));
  }, []);

  const signIn = (who: string, secret: string) => run(() => onSignIn(who.trim(), secret));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (login.trim() && password) void signIn(login, password);
  };

  const onToken = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void run(() => onSignInWithToken(token.trim()));
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <h1>Cascade 公文督办</h1>
        <p className="muted">公文流转、签收、报送与督办</p>
        <form onSubmit={onSubmit}>
          <label htmlFor="login">账号</label>
          <input
            id="login"
            name="username"
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
          />
          <PasswordField
            id="password"
            name="password"
            label="密码"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
          />
          <button type="submit" className="primary" disabled={busy || !login.trim() || !password}>
            {busy ? '登录中…' : '登录'}
          </button>
        </form>
        <ErrorNote error={error} />
        {demo && demo.length > 0 && (
          <section className="demo" aria-labelledby="demo-heading">
            <h2 id="demo-heading">演示账号</h2>
            <p className="muted">
              演示模式：选择一个账号直接登录（演示密码 <code>{demo[0].password}</code>）。
            </p>
            <ul>
              {demo.map((account) => (
                <li key={account.login}>
                  <button type="button" onClick={() => void signIn(account.login, account.password)} disabled={busy}>
                    <span className="demo-label">{account.name}</span>
                    <span className="muted">
                      账号 {account.login} · {account.roleName}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <details className="demo">
          <summary>系统集成人员入口</summary>
          <form onSubmit={onToken}>
            <PasswordField
              id="token"
              name="token"
              label="接口令牌"
              autoComplete="off"
              value={token}
              onChange={setToken}
            />
            <button type="submit" disabled={busy || !token.trim()}>
              用接口令牌进入
            </button>
          </form>
        </details>
      </div>
    </main>
  );
}
