import { type FormEvent, useEffect, useState } from 'react';
import { type DemoToken, ok, publicApi } from '../api';
import { ROLE_LABELS } from '../format';
import { useAction } from '../hooks';

export function SignInPage({ onSignIn, message }: { onSignIn: (token: string) => Promise<void>; message?: string }) {
  const [token, setToken] = useState('');
  const { busy, error, run } = useAction(message ?? null);
  const [demo, setDemo] = useState<DemoToken[] | null>(null);

  useEffect(() => {
    // Only a server in demo mode lists demo users; anywhere else this is a 404 and nothing shows.
    ok(publicApi.GET('/api/demo/tokens'))
      .then((tokens) => setDemo(Array.isArray(tokens) ? tokens : null))
      .catch(() => setDemo(null));
  }, []);

  const submit = async (value: string) => {
    await run(async () => {
      await onSignIn(value.trim());
    });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (token.trim()) void submit(token);
  };

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <h1>Cascade 公文督办</h1>
        <p className="muted">公文流转、签收、报送与督办</p>
        <form onSubmit={onSubmit}>
          <label htmlFor="token">访问令牌</label>
          <input
            id="token"
            name="token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="cascade tokens create 生成的令牌"
            required
          />
          <button type="submit" className="primary" disabled={busy || !token.trim()}>
            {busy ? '登录中…' : '登录'}
          </button>
        </form>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {demo && demo.length > 0 && (
          <section className="demo" aria-labelledby="demo-heading">
            <h2 id="demo-heading">演示账号</h2>
            <p className="muted">演示模式：选择一个单位直接登录。</p>
            <ul>
              {demo.map((d) => (
                <li key={d.token}>
                  <button type="button" onClick={() => void submit(d.token)} disabled={busy}>
                    <span className="demo-label">{d.label}</span>
                    <span className="muted">
                      {d.unitName} · {ROLE_LABELS[d.role] ?? d.role}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
