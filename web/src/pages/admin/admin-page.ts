/**
 * /admin: users and roles (add, disable, issue a token shown once), the audit
 * log with filters (the filters live in the URL: /admin?user=&action=&from=&to=),
 * and the agreements nearing their end or review.
 */
import { ApiError } from '../../api/client.ts';
import { el } from '../../components/dom.ts';
import type { AuditEvent, TokenListing, UserListing } from '../../../../server/contract/index.ts';
import { governanceApi, type AuditFilters } from '../governance-common/governance-api.ts';
import { setPageState } from '../../components/page-state.ts';
import { formatCount as count } from '../../format/numbers.ts';
import { dataTable, deadlineBadge, type Viewer } from '../governance-common/page-frame.ts';
import { actionWords, roleWords, shortDate } from '../governance-common/words.ts';

const FIXED_ROLES = ['analyst', 'executive', 'admin', 'public'] as const;
const AUDIT_LIMIT = '200';

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return el('div', { class: 'control' }, el('label', { for: id }, label), control, hint ? el('p', { class: 'hint', id: `${id}-hint` }, hint) : '');
}

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
}

/** The audit filters a URL's query holds. */
export function auditFiltersOf(search: string): AuditFilters {
  const query = new URLSearchParams(search);
  const pick = (name: string) => query.get(name)?.trim() || undefined;
  const filters: AuditFilters = { limit: AUDIT_LIMIT };
  for (const name of ['user', 'action', 'from', 'to'] as const) {
    const value = pick(name);
    if (value !== undefined) filters[name] = value;
  }
  return filters;
}

function usersSection(viewer: Viewer, partnerNames: Record<string, string>): { section: HTMLElement; load: () => Promise<void> } {
  const status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', id: 'users-status' });
  const tokenBox = el('div', { id: 'issued-token', class: 'issued-token', hidden: '' });
  const tableHolder = el('div', {});
  const tokenUser = el('select', { id: 'token-user', name: 'name', required: '' });
  const tokensHolder = el('div', { id: 'user-tokens' });
  /** Whose tokens are shown, so they are shown again after a change. */
  let tokensOf: string | null = null;

  const say = (text: string, isError = false) => {
    status.textContent = text;
    status.classList.toggle('error', isError);
  };

  async function load(): Promise<void> {
    const { users } = await governanceApi.users();
    tokenUser.replaceChildren(...users.filter((u) => !u.disabled).map((u) => el('option', { value: u.name }, `${u.name} (${roleWords(u.role, partnerNames)})`)));
    const rows = users.map((u: UserListing) => {
      const action =
        u.disabled || u.name === viewer.name
          ? el('span', { class: 'muted' }, u.disabled ? 'Disabled' : 'You')
          : el('button', { type: 'button', class: 'secondary', 'data-disable': u.name, 'aria-label': `Disable ${u.name}` }, 'Disable');
      if (action instanceof HTMLButtonElement) {
        action.addEventListener('click', () => {
          if (!window.confirm(`Disable ${u.name}? Their sessions and tokens stop working at once.`)) return;
          governanceApi.disableUser(u.name).then(
            () => load().then(() => say(`${u.name} is disabled.`)),
            (error: unknown) => say(`Could not disable ${u.name}: ${messageOf(error)}`, true),
          );
        });
      }
      const show = el('button', { type: 'button', class: 'secondary', 'data-tokens': u.name, 'aria-label': `Tokens of ${u.name}` }, 'Tokens');
      show.addEventListener('click', () => {
        tokensOf = u.name;
        showTokens(u.name).then(
          () => document.getElementById('tokens-heading')?.focus(),
          (error: unknown) => say(`Could not list the tokens of ${u.name}: ${messageOf(error)}`, true),
        );
      });
      return [u.name, roleWords(u.role, partnerNames), u.disabled ? 'Disabled' : 'Active', u.hasPassword ? 'Yes' : 'No', count(u.activeTokens), shortDate(u.createdAt), el('span', { class: 'actions' }, show, ' ', action)];
    });
    tableHolder.replaceChildren(
      users.length === 0
        ? el('p', { class: 'empty' }, 'No users yet. Add the first below.')
        : dataTable('Users and their roles', ['Name', 'Role', 'Status', 'Password set', 'Live tokens', 'Added', 'Actions'], rows, { numeric: [4], id: 'users' }),
    );
    if (tokensOf !== null) await showTokens(tokensOf);
  }

  /** A user's tokens (never a secret), each live one with a Revoke button that asks first. */
  async function showTokens(name: string): Promise<void> {
    const { tokens } = await governanceApi.tokens(name);
    const statusWords = (t: TokenListing) => (t.status === 'revoked' ? `Revoked ${shortDate(t.revokedAt ?? '')}` : t.status === 'expired' ? 'Expired' : 'Live');
    const rows = tokens.map((t) => {
      let action: HTMLElement = el('span', { class: 'muted' }, '—');
      if (t.status === 'live') {
        const revoke = el('button', { type: 'button', class: 'secondary', 'data-revoke': t.id, 'aria-label': `Revoke token ${t.id} of ${name}` }, 'Revoke');
        revoke.addEventListener('click', () => {
          const what = t.label ? `the token "${t.label}" (${t.id})` : `token ${t.id}`;
          if (!window.confirm(`Revoke ${what} of ${name}? It stops working at once, and so do the web sessions signed in with it; their other tokens and sessions are not affected.`)) return;
          governanceApi.revokeToken(name, t.id).then(
            () => load().then(() => say(`Token ${t.id} of ${name} is revoked.`)),
            (error: unknown) => say(`Could not revoke token ${t.id} of ${name}: ${messageOf(error)}`, true),
          );
        });
        action = revoke;
      }
      return [t.id, t.label ?? '—', shortDate(t.createdAt), t.expires ? shortDate(t.expires) : 'No end', statusWords(t), action];
    });
    tokensHolder.replaceChildren(
      el('h3', { id: 'tokens-heading', tabindex: '-1' }, `Tokens of ${name}`),
      tokens.length === 0
        ? el('p', { class: 'empty' }, `${name} has no tokens. Issue one below.`)
        : dataTable(`Tokens of ${name}, newest first (the secrets are never shown again)`, ['Token id', 'Label', 'Issued', 'Works until', 'Status', 'Action'], rows, { id: 'tokens' }),
      el('p', { class: 'hint' }, 'When a token was last used is not recorded.'),
    );
  }

  const nameInput = el('input', { id: 'new-name', name: 'name', autocomplete: 'off', required: '', 'aria-describedby': 'new-name-hint' });
  const roleSelect = el(
    'select',
    { id: 'new-role', name: 'role' },
    ...FIXED_ROLES.map((r) => el('option', { value: r }, roleWords(r))),
    ...Object.entries(partnerNames).map(([id, name]) => el('option', { value: `partner:${id}` }, `Partner: ${name}`)),
  );
  const addForm = el(
    'form',
    { id: 'add-user', class: 'inline-form', 'aria-labelledby': 'add-user-heading' },
    el('h3', { id: 'add-user-heading' }, 'Add a user'),
    field('new-name', 'Name', nameInput, 'Letters, digits, dots, dashes or underscores.'),
    field('new-role', 'Role', roleSelect),
    el('button', { type: 'submit' }, 'Add user'),
  );
  addForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = nameInput.value.trim();
    if (!name) {
      say('Enter a name for the new user.', true);
      nameInput.focus();
      return;
    }
    governanceApi.addUser(name, roleSelect.value).then(
      async (user) => {
        await load();
        tokenUser.value = user.name;
        nameInput.value = '';
        say(`${user.name} is added as ${roleWords(user.role, partnerNames)}. Issue them a token below so they can sign in.`);
      },
      (error: unknown) => say(`Could not add ${name}: ${messageOf(error)}`, true),
    );
  });

  const expiresInput = el('input', { id: 'token-expires', name: 'expires', type: 'date', 'aria-describedby': 'token-expires-hint' });
  const labelInput = el('input', { id: 'token-label', name: 'label', maxlength: '80', autocomplete: 'off', 'aria-describedby': 'token-label-hint' });
  const tokenForm = el(
    'form',
    { id: 'issue-token', class: 'inline-form', 'aria-labelledby': 'issue-token-heading' },
    el('h3', { id: 'issue-token-heading' }, 'Issue a token'),
    field('token-user', 'User', tokenUser),
    field('token-expires', 'Expires (optional)', expiresInput, 'Leave empty for a token without end.'),
    field('token-label', 'Label (optional)', labelInput, 'What it is for, e.g. “nightly load script”.'),
    el('button', { type: 'submit' }, 'Issue token'),
  );
  tokenForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = tokenUser.value;
    governanceApi.issueToken(name, expiresInput.value || null, labelInput.value.trim() || null).then(
      async (issued) => {
        const value = el('input', { id: 'token-value', readonly: '', value: issued.token, 'aria-describedby': 'token-note', class: 'token-value' });
        tokenBox.replaceChildren(
          el('h3', { id: 'token-heading' }, `Token for ${issued.name}`),
          el('label', { for: 'token-value' }, 'The token'),
          value,
          el(
            'p',
            { id: 'token-note' },
            el('strong', {}, 'Copy it now: it is shown only once. '),
            issued.expires ? `It works until the end of ${shortDate(issued.expires)}. ` : 'It has no end date. ',
            `Give it to ${issued.name} privately; they sign in at /sign-in with their name and this token.`,
          ),
        );
        tokenBox.hidden = false;
        labelInput.value = '';
        tokensOf = issued.name;
        await load();
        value.focus();
        value.select();
        say(`A token is issued for ${issued.name}.`);
      },
      (error: unknown) => say(`Could not issue a token for ${name}: ${messageOf(error)}`, true),
    );
  });

  const section = el(
    'section',
    { 'aria-labelledby': 'users-heading', id: 'users-section' },
    el('h2', { id: 'users-heading' }, 'Users and roles'),
    status,
    tableHolder,
    tokensHolder,
    el('div', { class: 'form-row' }, addForm, tokenForm),
    tokenBox,
  );
  return { section, load };
}

function auditTable(events: readonly AuditEvent[]): HTMLElement {
  if (events.length === 0) return el('p', { class: 'empty', id: 'audit-empty' }, 'No audit record matches these filters. Widen the dates or clear a filter.');
  return dataTable(
    `Audit log, newest first (${count(events.length)} ${events.length === 1 ? 'record' : 'records'})`,
    ['When', 'Who', 'Role', 'Action', 'What', 'Outcome'],
    events.map((e) => [
      shortDate(e.occurredAt),
      e.actor,
      e.role,
      actionWords(e.action),
      [e.method, e.route, e.parameters === '{}' ? null : e.parameters].filter((part) => part !== null && part !== '').join(' '),
      String(e.outcome),
    ]),
    { id: 'audit' },
  );
}

function auditSection(filters: AuditFilters): { section: HTMLElement; load: () => Promise<void> } {
  const holder = el('div', {});
  const actions = el('datalist', { id: 'audit-actions' });
  const input = (name: keyof AuditFilters, label: string, attributes: Record<string, string> = {}) =>
    field(`audit-${name}`, label, el('input', { id: `audit-${name}`, name, value: filters[name] ?? '', ...attributes }));
  const form = el(
    'form',
    { method: 'get', action: '/admin', id: 'audit-filters', class: 'filter-form', 'aria-labelledby': 'audit-filter-heading' },
    el('h3', { id: 'audit-filter-heading' }, 'Filter the audit'),
    input('user', 'User name', { autocomplete: 'off' }),
    input('action', 'Action', { list: 'audit-actions', autocomplete: 'off' }),
    input('from', 'From (day)', { type: 'date' }),
    input('to', 'To (day, inclusive)', { type: 'date' }),
    actions,
    el('div', { class: 'form-buttons' }, el('button', { type: 'submit' }, 'Show'), el('a', { href: '/admin#audit-heading', class: 'button-link' }, 'Clear filters')),
  );
  async function load(): Promise<void> {
    // "To" a day means to the end of it.
    const query = { ...filters, ...(filters.to ? { to: `${filters.to}T23:59:59.999` } : {}) };
    const { events } = await governanceApi.audit(query);
    actions.replaceChildren(...[...new Set(events.map((e) => e.action))].sort().map((a) => el('option', { value: a })));
    holder.replaceChildren(auditTable(events));
  }
  const section = el('section', { 'aria-labelledby': 'audit-heading', id: 'audit-section' }, el('h2', { id: 'audit-heading' }, 'Audit log'), form, holder);
  return { section, load };
}

/** Draws the admin page into `root`. */
export async function showAdminPage(root: HTMLElement, viewer: Viewer, search: string): Promise<void> {
  document.title = 'Administration – Neighbourhood Observatory';
  const attention = await governanceApi.agreements(true);
  const all = await governanceApi.agreements();
  const partnerNames = Object.fromEntries(all.agreements.map((a) => [a.partner, a.partnerName]));
  const users = usersSection(viewer, partnerNames);
  const audit = auditSection(auditFiltersOf(search));
  const dueList =
    attention.agreements.length === 0
      ? el('p', { class: 'empty' }, 'No agreement ends or is due for review in the next 90 days.')
      : el(
          'ul',
          { class: 'link-list', id: 'agreements-due' },
          ...attention.agreements.map((a) =>
            el('li', {}, el('a', { href: `/agreements/${encodeURIComponent(a.id)}` }, `${a.partnerName}: ${a.dataset} (${a.id})`), ' ', deadlineBadge(a.deadlines)),
          ),
        );
  root.replaceChildren(
    el('h1', {}, 'Administration'),
    el(
      'section',
      { 'aria-labelledby': 'due-heading', id: 'due-section' },
      el('h2', { id: 'due-heading' }, 'Agreements nearing their end or review'),
      el('p', {}, `Agreements whose end or review date is within 90 days, or has passed, on ${shortDate(attention.today)}.`),
      dueList,
    ),
    users.section,
    audit.section,
  );
  await Promise.all([users.load(), audit.load()]);
  setPageState('ready');
}
