#!/usr/bin/env node
/*
 * crowdin-cli@0.3.0, unmodified, through its upload/translate/download flow against a running
 * tolk (tests/api/test_v1_clients_npm.py starts it).
 *
 *   node crowdin_cli_flow.js BASE_URL PROJECT KEY WORKDIR
 *
 * Its bin/crowdin-cli passes crowdin.yaml's base_url to setKey (a bug: it always talks to
 * crowdin.com), so this drives the same api module the bin uses, pointed at tolk with its own
 * setBasePath.  Its files[...] keys are local paths, so the sources sit under WORKDIR/src and
 * the French translation under WORKDIR/fr at the same relative path.  It treats any non-200
 * reply as success with no data (crowdin-v1.md §1.8), so every call here must answer 200.
 */
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const api = require('crowdin-cli/api');

const [baseUrl, project, key, work] = process.argv.slice(2);
api.setBasePath(baseUrl);
api.setKey(key);
const out = {};

/* One callback-style call as a promise of its data. */
function call(fn, ...args) {
  return new Promise((resolve, reject) => {
    fn(project, ...args, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

function ok(data, what) {
  assert(data && data.success === true, `${what}: ${JSON.stringify(data)}`);
  return data;
}

/* A download the client returns as a request stream, written to WORKDIR/name. */
function save(stream, name) {
  return new Promise((resolve, reject) => {
    const file = fs.createWriteStream(path.join(work, name));
    stream.on('response', (r) => { out[`${name}_status`] = r.statusCode; });
    stream.on('error', reject);
    file.on('finish', resolve);
    stream.pipe(file);
  });
}

async function flow() {
  const langs = await new Promise((resolve, reject) =>
    api.supportedLanguages((err, data) => (err ? reject(err) : resolve(data))));
  for (const l of langs)
    for (const k of Object.keys(l))
      assert.strictEqual(typeof l[k].trim(), 'string', `${l.crowdin_code}.${k}`);
  out.supported = langs.length;

  process.chdir(path.join(work, 'src'));
  ok(await call(api.createDirectory, 'values/'), 'add-directory');
  const added = ok(await call(api.addFile, ['values/strings.properties'], {}), 'add-file');
  out.added = added.stats.files;
  fs.appendFileSync('values/strings.properties', 'later=Later\n');
  out.updated = ok(await call(api.updateFile, ['values/strings.properties'], {}), 'update-file').files;

  process.chdir(path.join(work, 'fr'));
  const up = await call(api.updateTranslations, ['values/strings.properties'], 'fr', {});
  out.uploaded = ok(up, 'upload-translation').files;

  out.status = await call(api.translationStatus);
  out.info = (await call(api.projectInfo)).files.map((n) => [n.node_type, n.name]);
  out.export = (await call(api.exportTranslations)).success.status;
  await save(api.downloadAllTranslations(project), 'all.zip');
  await save(api.downloadTranslations(project, 'fr'), 'fr.zip');

  ok((await call(api.editProject, { name: 'Renamed by crowdin-cli' })).project, 'edit-project');
  ok(await call(api.createDirectory, 'tmp'), 'add-directory tmp');
  ok(await call(api.changeDirectory, 'tmp', { new_name: 'tmp2', title: 'T' }), 'change-directory');
  ok(await call(api.deleteDirectory, 'tmp2'), 'delete-directory');
  ok(await call(api.deleteFile, 'values//strings.properties'), 'delete-file');
  out.info_after = (await call(api.projectInfo)).files.map((n) => [n.node_type, n.name]);
}

flow().then(() => {
  process.stdout.write(JSON.stringify(out) + '\n');
}, (err) => {
  process.stderr.write(`crowdin-cli flow failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
