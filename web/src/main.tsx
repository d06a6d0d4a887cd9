import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiFailure, login, me, type Me } from './api.ts';

const ROLE_NAMES: Record<string, string> = {
  'system-admin': 'Quản trị hệ thống',
  'facility-admin': 'Quản trị cơ sở',
  receptionist: 'Tiếp đón',
  nurse: 'Điều dưỡng',
  doctor: 'Bác sĩ',
  pharmacist: 'Dược sĩ',
  analyst: 'Chuyên viên Sở Y tế',
};

function SignIn({ onSignedIn }: { onSignedIn: (user: Me) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const tokens = await login(username, password);
      onSignedIn(await me(tokens.access_token));
    } catch (failure) {
      setError(failure instanceof ApiFailure && failure.status === 401
        ? 'Sai tên đăng nhập hoặc mật khẩu.'
        : 'Không kết nối được máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined}>
      <label htmlFor="username">Tên đăng nhập</label>
      <input id="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
      <label htmlFor="password">Mật khẩu</label>
      <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      <button type="submit" disabled={busy}>{busy ? 'Đang đăng nhập…' : 'Đăng nhập'}</button>
      {error && <p id="signin-error" className="error" role="alert">{error}</p>}
    </form>
  );
}

function App() {
  const [user, setUser] = useState<Me>();
  return (
    <main>
      <h1>Sen</h1>
      <p className="lead">Hồ sơ sức khỏe điện tử cho trạm y tế và bệnh viện</p>
      {user ? (
        <dl>
          <dt>Người dùng</dt><dd>{user.displayName}</dd>
          <dt>Vai trò</dt><dd>{ROLE_NAMES[user.role] ?? user.role}</dd>
          <dt>FHIR API</dt><dd><a href="/fhir/R4/metadata">/fhir/R4</a></dd>
        </dl>
      ) : (
        <SignIn onSignedIn={setUser} />
      )}
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
