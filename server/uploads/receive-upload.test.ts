/**
 * An upload the disk refuses: this test process is put under a file size limit (util-linux `prlimit --pid`:
 * a write past it fails with EFBIG, as one past a full disk fails with ENOSPC), so it runs on any machine.
 * test/hardening/filled-filesystem.test.ts does the same through the page on a really full tmpfs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StorageFullError } from '../../pipeline/errors.ts';
import { receiveUpload } from './receive-upload.ts';

const ROOM = 64 * 1024;
let dir = '';

/** Sets this test process's soft file size limit (vitest runs each test file in a process of its own); the hard limit stays unlimited. */
function limitFileSize(limit: number | 'unlimited'): void {
  const run = spawnSync('prlimit', ['--pid', String(process.pid), `--fsize=${limit}:unlimited`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'receive-upload-'));
});
afterEach(async () => {
  limitFileSize('unlimited');
  await rm(dir, { recursive: true, force: true });
});

/** Receives body under the limit and returns what it threw. */
async function refusedUpload(body: BodyInit, contentType?: string): Promise<unknown> {
  const headers = contentType ? { 'content-type': contentType } : undefined;
  const request = new Request('http://127.0.0.1/api/extracts?name=month.csv', { method: 'POST', body, ...(headers ? { headers } : {}) });
  limitFileSize(ROOM);
  try {
    return await receiveUpload(request, { dir, limitBytes: 100 * ROOM, query: { name: 'month.csv' } }).then(
      () => new Error('the upload was received whole'),
      (error: unknown) => error,
    );
  } finally {
    limitFileSize('unlimited');
  }
}

describe('an upload larger than the room left on the disk', () => {
  const csv = `crime_id,month\n${'0123456789abcdef,2019-05\n'.repeat((4 * ROOM) / 24)}`;
  const shapes: Array<{ name: string; send: () => Promise<unknown> }> = [
    { name: 'a text/csv body', send: () => refusedUpload(csv, 'text/csv') },
    {
      name: 'a multipart form',
      send: () => {
        const form = new FormData();
        form.set('file', new Blob([csv], { type: 'text/csv' }), 'month.csv');
        return refusedUpload(form);
      },
    },
  ];
  for (const shape of shapes) {
    it(`${shape.name}: a storage-full error saying the upload was not kept and nothing was loaded, and no partial file left`, async () => {
      const error = await shape.send();
      expect(error).toBeInstanceOf(StorageFullError);
      if (!(error instanceof StorageFullError)) return;
      expect(error.outcome).toBe('the upload was not kept and nothing was loaded');
      expect(error.message).toMatch(/the disk is full \(or a file size limit was reached\) while receiving an upload/);
      expect(await readdir(dir)).toEqual([]);
    });
  }
});
