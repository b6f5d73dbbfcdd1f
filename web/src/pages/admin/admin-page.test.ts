import { describe, expect, it } from 'vitest';
import { auditFiltersOf } from './admin-page.ts';

describe('the admin page’s audit filters come from its URL', () => {
  it('reads user, action, from and to, ignores blanks and anything else', () => {
    expect(auditFiltersOf('?user=demo-analyst&action=&from=2026-12-01&junk=1')).toEqual({ limit: '200', user: 'demo-analyst', from: '2026-12-01' });
    expect(auditFiltersOf('')).toEqual({ limit: '200' });
  });
});
