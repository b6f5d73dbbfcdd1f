import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from './client.ts';

function respond(status: number, body: unknown, contentType = 'application/json'): typeof fetch {
  return async () => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

const figure = {
  area: 'E01024915',
  name: 'Chorley 014A',
  value: null,
  numerator: null,
  denominator: 1500,
  lower: null,
  upper: null,
  suppressed: true,
  suppressionReason: 'Fewer than 5 events',
};

describe('createApiClient', () => {
  it('parses figures, keeping a withheld figure withheld, and accepts later optional fields', async () => {
    const client = createApiClient(
      '',
      respond(200, {
        indicator: { id: 'crime', title: 'Crime', unit: 'per 1,000 residents', multiplier: 1000, polarity: 'low-is-good' },
        level: 'lsoa',
        period: { id: '2024-01', label: 'January 2024' },
        values: [{ ...figure, comparison: null, trend: null, rag: 'red' }],
      }),
    );
    const values = await client.values('crime', 'lsoa', '2024-01');
    expect(values.values[0]).toMatchObject({ suppressed: true, value: null, suppressionReason: 'Fewer than 5 events' });
  });

  it('asks for the values of an indicator, level and period', async () => {
    let asked = '';
    const client = createApiClient('http://observatory.test', async (input) => {
      asked = String(input);
      return new Response('{}', { status: 500 });
    });
    await expect(client.values('crime rate', 'ward', 'FY2018-19')).rejects.toBeInstanceOf(ApiError);
    expect(asked).toBe('http://observatory.test/api/indicators/crime%20rate/values?level=ward&period=FY2018-19');
  });

  it('turns a problem+json error into an ApiError with its detail', async () => {
    const client = createApiClient(
      '',
      respond(404, { type: 'about:blank', title: 'Not found', status: 404, detail: 'indicator "x" has no period "2030-01"' }, 'application/problem+json'),
    );
    await expect(client.values('x', 'lsoa', '2030-01')).rejects.toMatchObject({
      name: 'ApiError',
      status: 404,
      message: 'indicator "x" has no period "2030-01"',
    });
  });

  it('reports a response that does not match the contract', async () => {
    const client = createApiClient('', respond(200, { indicators: [{ id: 'x' }] }));
    await expect(client.indicators()).rejects.toThrow(/unexpected response for \/api\/indicators/);
  });

  it('reports an unreachable server', async () => {
    const client = createApiClient('', async () => {
      throw new TypeError('fetch failed');
    });
    await expect(client.health()).rejects.toThrow('The observatory server could not be reached.');
  });
});
