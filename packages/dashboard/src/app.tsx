/** The shell: sign-in until there is a session, then the navigation and the screen of the path. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, onLinkClick, useLocation } from './router';
import { ReportScreen } from './screens/report';
import { ReportsScreen } from './screens/reports';
import { SignInScreen } from './screens/sign-in';
import { UploadScreen } from './screens/upload';
import { restore, type SignedIn, signOut } from './session';

const NAVIGATION = [
  { href: '/dashboard', label: 'Upload' },
  { href: '/reports', label: 'Reports' },
];

function Screen({ path, query, session }: { path: string; query: URLSearchParams; session: SignedIn }) {
  const report = /^\/reports\/([^/]+)$/.exec(path)?.[1];
  if (report) return <ReportScreen session={session} id={decodeURIComponent(report)} />;
  if (path === '/reports') return <ReportsScreen session={session} query={query} />;
  if (path === '/' || path === '/dashboard') return <UploadScreen session={session} />;
  return (
    <section>
      <h1 tabIndex={-1}>Not in the dashboard yet</h1>
      <p>
        This page comes in a later release. Everything is available through the API:{' '}
        <a href="/api/docs">the API reference</a>.
      </p>
    </section>
  );
}

export function App() {
  const [session, setSession] = useState<SignedIn | undefined>(restore);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // A new screen moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname, session]);

  if (!session)
    return (
      <main id="main" ref={main}>
        <SignInScreen onSignedIn={setSession} />
      </main>
    );
  const leave = async () => {
    await signOut(session);
    setSession(undefined);
    navigate('/');
  };
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <span class="brand">Pynomaly</span>
        <nav aria-label="Main">
          {NAVIGATION.map((item) => (
            <a
              key={item.href}
              href={item.href}
              onClick={onLinkClick}
              aria-current={location.pathname.startsWith(item.href) ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <span class="who">{session.username}</span>
        <button type="button" onClick={leave}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main}>
        <Screen path={location.pathname} query={location.searchParams} session={session} />
      </main>
    </>
  );
}
