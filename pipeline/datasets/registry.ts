import type { DatasetModule } from './dataset-module.ts';
import { aeAssaultAttendances } from './ae-assault-attendances.ts';
import { councilServiceRequests } from './council-service-requests.ts';
import { fireIncidents } from './fire-incidents.ts';
import { healthActivity } from './health-activity.ts';
import { policeStreetCrime } from './police-street-crime.ts';

/** Every dataset layout the pipeline knows. Each dataset is one module here. */
export const DATASETS: readonly DatasetModule[] = [policeStreetCrime, fireIncidents, healthActivity, councilServiceRequests, aeAssaultAttendances];

/** Finds a dataset module by id ("partner.dataset"). */
export function datasetById(id: string): DatasetModule | undefined {
  return DATASETS.find((module) => module.id === id);
}

/** CREATE TABLE for a dataset's loaded rows: common columns, then its storable fields. */
export function datasetTableDdl(module: DatasetModule, table: string = module.table): string {
  const columns = module.fields
    .filter((field) => field.storage !== undefined)
    .map((field) => `${field.name} ${field.storage}`);
  return `CREATE TABLE IF NOT EXISTS ${table} (
    extract_id VARCHAR NOT NULL,
    line_number INTEGER NOT NULL,
    period DATE NOT NULL,
    lsoa21_code VARCHAR NOT NULL,
    ${columns.join(',\n    ')}
  )`;
}

/**
 * Where a superseded extract's rows wait, with the same columns as the dataset table: out of every
 * figure, but kept (until retention) so the extract can be reinstated.
 */
export function supersededTableOf(module: DatasetModule): string {
  return `${module.table}_superseded`;
}

/** CREATE TABLE for a dataset's loaded rows and for its superseded rows. */
export function datasetTablesDdl(module: DatasetModule): string[] {
  return [datasetTableDdl(module), datasetTableDdl(module, supersededTableOf(module))];
}
