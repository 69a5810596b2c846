// MetaMask's eth-phishing-detect over a list of hosts, for benchmarks/bench_hosts.py.
//
//   node benchmarks/epd_check.js EPD_DIR HOSTS_FILE [OUT_FILE]
//
// EPD_DIR is where `npm install --prefix EPD_DIR eth-phishing-detect` put it. Reads one host or
// URL per line (blank lines and lines starting with # skipped, as `scamcheck check --hosts`
// does), calls checkDomain on each host, writes `host<TAB>true|false` lines to OUT_FILE (if
// given), and prints one JSON line: hosts, flagged, load_seconds (requiring the package and
// its bundled lists), seconds and cpu_seconds (the checkDomain loop alone: wall and CPU time).
'use strict'
const fs = require('fs')
const path = require('path')

const [epdDir, hostsFile, outFile] = process.argv.slice(2)
if (!epdDir || !hostsFile) {
  console.error('usage: node epd_check.js EPD_DIR HOSTS_FILE [OUT_FILE]')
  process.exit(2)
}
const loadStart = process.hrtime.bigint()
const checkDomain = require(path.resolve(epdDir, 'node_modules', 'eth-phishing-detect'))
const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9

function hostOf (line) {
  // checkDomain takes a host name; a URL is reduced to its host, as a wallet does.
  if (!line.includes('://')) return line.toLowerCase()
  try {
    return new URL(line).hostname
  } catch (e) {
    return line.toLowerCase()
  }
}

const lines = fs.readFileSync(hostsFile, 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#'))
const out = []
let flagged = 0
const start = process.hrtime.bigint()
const cpuStart = process.cpuUsage()
for (const line of lines) {
  const blocked = checkDomain(hostOf(line))
  if (blocked) flagged++
  out.push(line + '\t' + blocked)
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
const cpu = process.cpuUsage(cpuStart)
const cpuSeconds = (cpu.user + cpu.system) / 1e6
if (outFile) fs.writeFileSync(outFile, out.join('\n') + '\n')
console.log(JSON.stringify({ hosts: lines.length, flagged, load_seconds: loadSeconds, seconds, cpu_seconds: cpuSeconds }))
