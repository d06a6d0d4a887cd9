// What each role sees in the app: a pharmacist has no registration, an analyst no patient screens.
import type { MessageKey } from './i18n.tsx';

export type Page = 'home' | 'registration' | 'queue' | 'display' | 'merge' | 'examination' | 'chart';

export const PAGE_PATHS: Record<Page, string> = {
  home: '/',
  registration: '/registration',
  queue: '/queue',
  display: '/display',
  merge: '/merge',
  examination: '/examination',
  chart: '/chart',
};

export const PAGE_LABELS: Record<Page, MessageKey> = {
  home: 'nav.home',
  registration: 'nav.registration',
  queue: 'nav.queue',
  display: 'nav.display',
  merge: 'nav.merge',
  examination: 'nav.examination',
  chart: 'nav.chart',
};

const PAGES_BY_ROLE: Record<string, Page[]> = {
  'system-admin': ['home', 'registration', 'queue', 'display', 'merge', 'examination', 'chart'],
  'facility-admin': ['home', 'merge'],
  receptionist: ['home', 'registration', 'queue', 'display'],
  doctor: ['home', 'queue', 'registration', 'display', 'examination', 'chart'],
  nurse: ['home', 'queue', 'registration', 'display', 'examination', 'chart'],
};

export function pagesFor(role: string): Page[] {
  return PAGES_BY_ROLE[role] ?? ['home'];
}

/** Pages opened from another page for one visit or patient (the examination from the queue, the chart from the
 * examination): not in the menu. */
export function inMenu(page: Page): boolean {
  return page !== 'examination' && page !== 'chart';
}

/** Where a role starts after signing in. */
export function startPage(role: string): Page {
  if (role === 'receptionist') return 'registration';
  if (role === 'doctor' || role === 'nurse') return 'queue';
  return 'home';
}

export function pageOfPath(path: string): Page | undefined {
  return (Object.keys(PAGE_PATHS) as Page[]).find((page) => PAGE_PATHS[page] === path);
}

/** Roles whose accounts may create patient records (the access policy's demographics C). */
export function mayCreatePatients(role: string): boolean {
  return ['system-admin', 'receptionist', 'doctor'].includes(role);
}
