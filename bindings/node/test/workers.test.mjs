// The addon loads in worker threads, and four of them give exactly the answers a single
// thread gives, for every conformance vector and both entry points (and a Context that each
// thread makes for itself), run concurrently.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Worker } from 'node:worker_threads'
import { runAll } from './support/run-all.mjs'

const WORKERS = 4

function inWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./support/run-all-worker.mjs', import.meta.url))
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)))
  })
}

test(`${WORKERS} worker threads give the same answers as one thread`, async () => {
  const serial = runAll()
  assert.ok(serial.length > 0)
  const parallel = await Promise.all(Array.from({ length: WORKERS }, inWorker))
  for (const answers of parallel) assert.deepEqual(answers, serial)
})
