#!/usr/bin/env node
// What is due next, and what is late or overdue, for one case: the C API from Node (koffi).
// Usage: node next_due.js [--json] CASE.json [POLICY [AS_OF]]   (defaults: york, 2025-03-01)
// The library is $CPRULES_C_LIBRARY (a path to libcprules_c.so), else libcprules_c.so.1
// found by the dynamic loader.
'use strict';
const fs = require('fs');
const koffi = require('koffi');

function loadLibrary() {
  const lib = koffi.load(process.env.CPRULES_C_LIBRARY || 'libcprules_c.so.1');
  koffi.opaque('cprules_policy');
  koffi.opaque('cprules_result');
  return {
    lastError: lib.func('const char *cprules_last_error(void)'),
    policyLoad: lib.func('int cprules_policy_load(const char *name, _Out_ cprules_policy **out)'),
    policyFree: lib.func('void cprules_policy_free(cprules_policy *policy)'),
    checkJson: lib.func('int cprules_check_json(const cprules_policy *policy, const uint8_t *json, size_t length, ' +
                        'const char *as_of, _Out_ cprules_result **out)'),
    resultJson: lib.func('const void *cprules_result_json(const cprules_result *result)'),
    resultJsonLength: lib.func('size_t cprules_result_json_length(const cprules_result *result)'),
    resultFree: lib.func('void cprules_result_free(cprules_result *result)'),
  };
}

// The contract section 2 JSON text for one case.
function check(c, policyName, caseJson, asOf) {
  const policy = [null];
  if (c.policyLoad(policyName, policy) !== 0) throw new Error(c.lastError());
  try {
    const result = [null];
    if (c.checkJson(policy[0], caseJson, caseJson.length, asOf, result) !== 0) throw new Error(c.lastError());
    try {
      const length = Number(c.resultJsonLength(result[0]));
      return Buffer.from(koffi.decode(c.resultJson(result[0]), 'uint8_t', length)).toString('utf8');
    } finally {
      c.resultFree(result[0]);
    }
  } finally {
    c.policyFree(policy[0]);
  }
}

function label(f) {
  const who = [f.child ? 'child ' + f.child : '', f.subject || ''].filter(Boolean).join(', ');
  const rule = f.rule + (f.variant ? '/' + f.variant : '');
  return who ? `${rule} (${who})` : rule;
}

// Stable sort by due date (ties keep their order); ISO dates compare as strings.
function byDue(findings, statuses) {
  return findings.filter((f) => statuses.includes(f.status) && f.due)
    .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

function main(args) {
  const asJson = args[0] === '--json';
  if (asJson) args = args.slice(1);
  if (args.length < 1 || args.length > 3) {
    console.error('usage: node next_due.js [--json] CASE.json [POLICY [AS_OF]]');
    return 2;
  }
  const caseJson = fs.readFileSync(args[0]);
  const text = check(loadLibrary(), args[1] || 'york', caseJson, args[2] || '2025-03-01');
  if (asJson) {
    process.stdout.write(text + '\n');
    return 0;
  }
  const result = JSON.parse(text);
  for (const e of result.errors) console.error(`${e.code}: ${e.message}`);
  const policy = result.policy || {};
  const lines = [`${result.case_id} as of ${result.as_of} (${policy.id || ''} ${policy.version || ''})`];
  const next = byDue(result.findings, ['pending']);
  lines.push('Due next:' + (next.length ? '' : ' nothing'));
  for (const f of next) lines.push(`  ${f.due} ${label(f)}`);
  const behind = byDue(result.findings, ['late', 'overdue']);
  lines.push('Late or overdue:' + (behind.length ? '' : ' nothing'));
  for (const f of behind) {
    const how = f.status === 'overdue' ? 'overdue' : `late by ${f.days_late} day${f.days_late === 1 ? '' : 's'}`;
    lines.push(`  ${f.due} ${label(f)}: ${how}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
  return result.errors.length ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
