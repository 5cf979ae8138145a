#!/usr/bin/env node
/*
 * crowdin-api@4.0.0, unmodified, through its whole upload/translate/download flow against a
 * running tolk (tests/api/test_v1_clients_npm.py starts it).
 *
 *   node crowdin_api_flow.js BASE_URL PROJECT KEY WORKDIR
 *
 * WORKDIR holds the local files (src/, fr/); the downloads are written there (all.zip,
 * fr.zip, messages.fr.po).  Every call the client makes is one of its public methods; what
 * they return is checked here, and a JSON summary goes to stdout for the test to check too.
 * Any failure exits non-zero with the reason.
 */
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const CrowdinApi = require('crowdin-api');

const [baseUrl, projectName, apiKey, work] = process.argv.slice(2);
const api = new CrowdinApi({ baseUrl, apiKey, projectName });
const local = (p) => path.join(work, p);
const out = {};

/* A rejected promise's message, or fail when the call succeeded. */
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return String(err && err.message ? err.message : err);
  }
  assert.fail('the call should have failed');
}

async function languages() {
  const langs = await api.supportedLanguages();
  assert(Array.isArray(langs) && langs.length > 100);
  // what a client that walks every field does: each one must be a string
  for (const l of langs)
    for (const k of Object.keys(l))
      assert.strictEqual(typeof l[k].trim(), 'string', `${l.crowdin_code}.${k}`);
  out.supported = langs.length;
  out.fr = langs.find((l) => l.crowdin_code === 'fr');
}

async function sources() {
  let r = await api.createDirectory('locale');
  assert.strictEqual(r.success, true);
  r = await api.createDirectory('docs/');             // trailing slash: Crowdin accepted it
  assert.strictEqual(r.success, true);
  r = await api.addFile({
    'locale/messages.po': local('src/messages.po'),
    'docs//notes.properties': local('src/notes.properties'),
  }, { 'titles[locale/messages.po]': 'Messages' });
  assert.strictEqual(r.success, true);
  out.added = r.stats.files;
  out.duplicate = await rejection(api.addFile({ 'locale/messages.po': local('src/messages.po') }));
  r = await api.updateFile({ 'locale/messages.po': local('src/messages2.po') },
    { update_option: 'update_as_unapproved' });
  out.updated = r.files;
  const info = await api.projectInfo();
  out.info_files = info.files.map((n) => [n.node_type, n.name, (n.files || []).map((f) => f.name)]);
  out.source_language = info.details.source_language.code;
}

async function translations() {
  const r = await api.updateTranslations({ 'locale/messages.po': local('fr/messages.po') }, 'fr',
    { import_duplicates: '0', import_eq_suggestions: '0', auto_approve_imported: '1' });
  out.uploaded = r.files;
  const status = await api.translationStatus();
  out.status_fr = status.find((s) => s.code === 'fr');
  const ls = await api.languageStatus('fr');
  out.language_status = ls.files.map((n) => [n.node_type, n.name]);
}

/*
 * One of the client's downloads.  handleStream() opens its temp file before it pipes the
 * response, so a reply that arrives first (loopback is fast; crowdin.com never was) makes
 * request throw "You cannot pipe after data has been emitted": a race in the client, so that
 * one error is tried again.
 */
async function stream(download) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await download();
    } catch (err) {
      if (attempt === 5 || !/cannot pipe after data/.test(String(err && err.message)))
        throw err;
    }
  }
}

/* A download the client streamed to a temp file, copied into WORKDIR. */
async function save(download, name) {
  fs.copyFileSync(await stream(download), local(name));
}

async function downloads() {
  const r = await api.exportTranslations();
  out.export = r.success.status;
  out.export_status = (await api.translationExportStatus()).status;
  await save(() => api.downloadAllTranslations(), 'all.zip');
  await save(() => api.downloadTranslations('fr'), 'fr.zip');
  await save(() => api.exportFile('locale/messages.po', 'fr'), 'messages.fr.po');
  out.missing_file = await rejection(stream(() => api.exportFile('locale/nope.po', 'fr')));
}

async function management() {
  let r = await api.editProject({ name: 'Renamed by crowdin-api' });
  assert.strictEqual(r.project.success, true);
  r = await api.changeDirectory('docs/', { new_name: 'documentation' });
  assert.strictEqual(r.success, true);
  r = await api.deleteFile('documentation/notes.properties');
  assert.strictEqual(r.success, true);
  out.missing_dir = await rejection(api.deleteDirectory('nowhere'));
  r = await api.deleteDirectory('documentation/');
  assert.strictEqual(r.success, true);
  // pre-translate as this client sends it: bare languages=fr and files=PATH
  r = await api.preTranslate(['fr'], ['locale/messages.po'], { auto_approve_option: 0 });
  out.pretranslate = r.success;
  out.pretranslate_missing = await rejection(api.preTranslate(['fr'], ['locale/nope.po']));
}

(async () => {
  await languages();
  await sources();
  await translations();
  await downloads();
  await management();
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((err) => {
  process.stderr.write(`crowdin-api flow failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
