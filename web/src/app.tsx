import { lazy, Suspense, useEffect, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import { ApiFailure, currentSession, resumeSession, sessionEndedReason, signIn, signOut, subscribe, type Session } from './api.ts';
import { I18nProvider, useI18n, type MessageKey } from './i18n.tsx';
import { inMenu, PAGE_LABELS, PAGE_PATHS, pageOfPath, pagesFor, startPage, type Page } from './nav.ts';
import { navigate, usePath } from './router.ts';
import { SHORTCUTS, useShortcut } from './shortcuts.ts';
import { AnnouncerProvider } from './ui/announcer.tsx';
import { Kbd } from './ui/fields.tsx';

// Each working screen is its own chunk: signing in loads only the shell.
const RegistrationPage = lazy(() => import('./pages/registration.tsx'));
const QueuePage = lazy(() => import('./pages/queue.tsx'));
const DisplayPage = lazy(() => import('./pages/display.tsx'));
const MergePage = lazy(() => import('./pages/merge.tsx'));
const ExaminationPage = lazy(() => import('./pages/examination.tsx'));
const PatientChartPage = lazy(() => import('./pages/patient-chart.tsx'));

export function App() {
  return (
    <I18nProvider>
      <AnnouncerProvider>
        <Shell />
      </AnnouncerProvider>
    </I18nProvider>
  );
}

function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, currentSession);
}

function Shell() {
  const session = useSession();
  const [resuming, setResuming] = useState(true);
  const { t, language, setLanguage } = useI18n();
  useEffect(() => {
    resumeSession().finally(() => setResuming(false));
  }, []);
  useShortcut(SHORTCUTS.language, () => setLanguage(language === 'vi' ? 'en' : 'vi'));
  if (resuming) return <p className="loading" role="status">{t('common.loading')}</p>;
  if (!session) return <SignInPage />;
  return <SignedIn session={session} />;
}

function LanguageSwitch() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button type="button" className="link-button lang-switch" lang={language === 'vi' ? 'en' : 'vi'} title={t('lang.switchLabel')}
      onClick={() => setLanguage(language === 'vi' ? 'en' : 'vi')}>
      {t('lang.switch')}
    </button>
  );
}

function SignInPage() {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<MessageKey | ''>(sessionEndedReason() === 'expired' ? 'signin.expired' : '');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      const session = await signIn(username, password);
      const page = pageOfPath(window.location.pathname);
      if (!page || page === 'home' || !pagesFor(session.user.role).includes(page)) navigate(PAGE_PATHS[startPage(session.user.role)], { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiFailure && failure.status === 401 ? 'signin.wrong'
        : failure instanceof ApiFailure && failure.status === 429 ? 'signin.tooMany' : 'signin.offline');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" id="main">
      <div className="signin-top"><LanguageSwitch /></div>
      <h1>Sen</h1>
      <p className="lead">{t('app.tagline')}</p>
      <form onSubmit={submit} aria-describedby={error ? 'signin-error' : undefined} noValidate>
        <h2 className="visually-hidden">{t('signin.title')}</h2>
        <label htmlFor="username">{t('signin.username')}</label>
        <input id="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
        <label htmlFor="password">{t('signin.password')}</label>
        <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        <button type="submit" className="primary wide" disabled={busy}>{busy ? t('signin.busy') : t('signin.submit')}</button>
        {error && <p id="signin-error" className="error" role="alert">{t(error)}</p>}
      </form>
    </main>
  );
}

function SignedIn({ session }: { session: Session }) {
  const path = usePath();
  const { t } = useI18n();
  const pages = pagesFor(session.user.role);
  const page = pageOfPath(path);
  const allowed = page !== undefined && pages.includes(page);
  if (page === 'display' && allowed) {
    return <Suspense fallback={<p className="loading" role="status">{t('common.loading')}</p>}><DisplayPage session={session} /></Suspense>;
  }
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <Header session={session} pages={pages} current={allowed ? page : undefined} />
      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<p className="loading" role="status">{t('common.loading')}</p>}>
          {!allowed ? <NotFound /> : page === 'registration' ? <RegistrationPage session={session} />
            : page === 'queue' ? <QueuePage session={session} /> : page === 'merge' ? <MergePage session={session} />
            : page === 'examination' ? <ExaminationPage session={session} />
            : page === 'chart' ? <PatientChartPage /> : <Home session={session} pages={pages} />}
        </Suspense>
      </main>
    </div>
  );
}

function NavLink({ page, current, children }: { page: Page; current?: Page; children: ReactNode }) {
  return (
    <a href={PAGE_PATHS[page]} aria-current={page === current ? 'page' : undefined}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(PAGE_PATHS[page]);
      }}>
      {children}
    </a>
  );
}

function Header({ session, pages, current }: { session: Session; pages: Page[]; current?: Page }) {
  const { t } = useI18n();
  const { user } = session;
  return (
    <header className="app-header">
      <a className="brand" href="/" onClick={(event) => { event.preventDefault(); navigate('/'); }}>Sen</a>
      <nav aria-label={t('nav.label')}>
        <ul>
          {pages.filter(inMenu).map((page) => <li key={page}><NavLink page={page} current={current}>{t(PAGE_LABELS[page])}</NavLink></li>)}
        </ul>
      </nav>
      <dl className="who">
        <div><dt className="visually-hidden">{t('header.user')}</dt><dd className="who-name">{user.displayName}</dd></div>
        <div><dt className="visually-hidden">{t('header.facility')}</dt><dd>{session.facilityName ?? (user.facilityId ? user.facilityId : t('header.allFacilities'))}</dd></div>
        <div><dt className="visually-hidden">{t('header.role')}</dt><dd className="who-role">{t(`role.${user.role}` as MessageKey)}</dd></div>
      </dl>
      <LanguageSwitch />
      <button type="button" className="link-button" onClick={() => { void signOut(); navigate('/'); }}>{t('header.signOut')}</button>
    </header>
  );
}

function Home({ session, pages }: { session: Session; pages: Page[] }) {
  const { t } = useI18n();
  const modules = pages.filter((page) => page !== 'home' && inMenu(page));
  return (
    <section className="home">
      <h1>{t('home.title', { name: session.user.displayName })}</h1>
      {modules.length ? (
        <>
          <h2>{t('home.modules')}</h2>
          <ul className="module-list">
            {modules.map((page) => <li key={page}><NavLink page={page}>{t(PAGE_LABELS[page])}</NavLink></li>)}
          </ul>
          <h2>{t('home.shortcuts')}</h2>
          <dl className="shortcut-list">
            <dt><Kbd>F2</Kbd> / <Kbd>Alt</Kbd>+<Kbd>S</Kbd></dt><dd>{t('shortcut.search')}</dd>
            <dt><Kbd>Alt</Kbd>+<Kbd>N</Kbd></dt><dd>{t('shortcut.new')}</dd>
            <dt><Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd></dt><dd>{t('shortcut.save')}</dd>
            <dt><Kbd>Esc</Kbd></dt><dd>{t('shortcut.cancel')}</dd>
            <dt><Kbd>Alt</Kbd>+<Kbd>G</Kbd></dt><dd>{t('shortcut.callNext')}</dd>
            <dt><Kbd>Alt</Kbd>+<Kbd>L</Kbd></dt><dd>{t('shortcut.language')}</dd>
          </dl>
        </>
      ) : <p>{t('home.none')}</p>}
      <p><a href="/fhir/R4/metadata">{t('home.api')}: /fhir/R4</a></p>
    </section>
  );
}

function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p><a href="/" onClick={(event) => { event.preventDefault(); navigate('/'); }}>{t('notFound.back')}</a></p>
    </section>
  );
}
