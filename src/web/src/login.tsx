import { useState } from 'react';
import type { Me } from './api';
import { login } from './api';

/** The login form; a one-time link (`hustings demo` prints one) logs in without it. */
export function Login({ onLogin }: { onLogin: (me: Me) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault();
    setError(null);
    try {
      onLogin(await login(name, password));
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <form className="login" onSubmit={(e) => void submit(e)}>
      <h1>hustings</h1>
      <p>The listening room. Log in with the account an admin made for you (`hustings users add`).</p>
      <label>
        user name <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required />
      </label>
      <label>
        password <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      </label>
      {error && <p className="error" role="alert">{error}</p>}
      <button type="submit">Log in</button>
    </form>
  );
}
