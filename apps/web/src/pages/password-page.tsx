import { type FormEvent, useState } from 'react';
import { api, ok } from '../api';
import { ErrorNote } from '../components/bits';
import { PasswordField } from '../components/password-field';
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
        <PasswordField
          id="current-password"
          label="当前密码"
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
        />
        <PasswordField
          id="new-password"
          label="新密码"
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          minLength={10}
          hint="至少 10 个字符，须同时包含字母和数字。"
        />
        <PasswordField
          id="new-password-again"
          label="再次输入新密码"
          autoComplete="new-password"
          value={again}
          onChange={setAgain}
        />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? '正在保存…' : '保存新密码'}
          </button>
        </div>
      </form>
      <ErrorNote error={error} />
      {done && (
        <p className="success" role="status">
          密码已修改，其他设备上的登录已退出。
        </p>
      )}
    </section>
  );
}
