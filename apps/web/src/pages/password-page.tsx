import { type FormEvent, useState } from 'react';
import { api, ok } from '../api';
import { useAction } from '../hooks';

/** 修改密码 of the signed-in person; the API ends the person's sessions on other devices. */
export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { busy, error, setError, run } = useAction();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if (next !== again) {
      setError('两次输入的新密码不一致');
      return;
    }
    void run(async () => {
      await ok(api.POST('/api/me/password', { body: { current, next } }));
      setCurrent('');
      setNext('');
      setAgain('');
      setDone(true);
    });
  };

  return (
    <section className="card">
      <h1>修改密码</h1>
      <form onSubmit={onSubmit}>
        <label htmlFor="current-password">当前密码</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          required
        />
        <label htmlFor="new-password">新密码</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          aria-describedby="password-rule"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          minLength={10}
          required
        />
        <p id="password-rule" className="muted small">
          至少 10 个字符，须同时包含字母和数字。
        </p>
        <label htmlFor="new-password-again">再次输入新密码</label>
        <input
          id="new-password-again"
          type="password"
          autoComplete="new-password"
          value={again}
          onChange={(e) => setAgain(e.target.value)}
          required
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? '正在保存…' : '保存新密码'}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="success" role="status">
          密码已修改，其他设备上的登录已退出。
        </p>
      )}
    </section>
  );
}
