/** The shell: sign-in until there is a session, then the navigation and the screen of the path. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { navigate, onLinkClick, useLocation } from './router';
import { DatasetScreen } from './screens/dataset';
import { DatasetsScreen } from './screens/datasets';
import { DetectionScreen, DetectionsScreen } from './screens/detection';
import { DetectorsScreen } from './screens/detectors';
import { ReportScreen } from './screens/report';
import { ReportsScreen } from './screens/reports';
import { SignInScreen } from './screens/sign-in';
import { StatisticsScreen } from './screens/statistics';
import { UploadScreen } from './screens/upload';
import { restore, type SignedIn, signOut } from './session';

const NAVIGATION = [
  { href: '/dashboard', label: 'Upload' },
  { href: '/reports', label: 'Reports' },
  { href: '/statistics', label: 'Statistics' },
  { href: '/datasets', label: 'Datasets' },
  { href: '/detection', label: 'Detections' },
  { href: '/detectors', label: 'Detectors' },
  { href: '/models', label: 'Models' },
];

type Route = [RegExp, (session: SignedIn, id: string, query: URLSearchParams) => ComponentChildren];

/** Each path and its screen; `id` is the path's one decoded parameter, if it has one. */
const ROUTES: Route[] = [
  [/^\/(?:dashboard)?$/, (session) => <UploadScreen session={session} />],
  [/^\/reports$/, (session, _, query) => <ReportsScreen session={session} query={query} />],
  [/^\/reports\/([^/]+)$/, (session, id) => <ReportScreen session={session} id={id} />],
  [/^\/statistics$/, (session) => <StatisticsScreen session={session} />],
  [/^\/datasets$/, (session) => <DatasetsScreen session={session} />],
  [/^\/datasets\/([^/]+)$/, (session, id) => <DatasetScreen session={session} id={id} />],
  [/^\/detection$/, (session) => <DetectionsScreen session={session} />],
  [/^\/detection\/([^/]+)$/, (session, id) => <DetectionScreen session={session} id={id} />],
  [/^\/detectors$/, (session) => <DetectorsScreen session={session} models={false} />],
  [/^\/models$/, (session) => <DetectorsScreen session={session} models />],
];

function Screen({ path, query, session }: { path: string; query: URLSearchParams; session: SignedIn }) {
  for (const [pattern, screen] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return <>{screen(session, decodeURIComponent(match[1] ?? ''), query)}</>;
  }
  return (
    <section>
      <h1 tabIndex={-1}>No such page</h1>
      <p>
        Pick a page above, or see everything the API offers in <a href="/api/docs">the API reference</a>.
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
