import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../../../src/domain/message.js';
import { StageTimeoutError } from '../../../src/pipeline/errors.js';
import { runPipeline } from '../../../src/pipeline/run-pipeline.js';
import type { Stage } from '../../../src/pipeline/stage.js';

const ctx = (): MessageContext => ({
  queueId: 'Q',
  envelope: {
    mailFrom: 'a@b.c',
    rcptTo: ['support@localhost'],
    remoteAddress: '127.0.0.1',
    clientHostname: '[127.0.0.1]',
    helo: 'x',
    tls: false,
    receivedAt: 0,
  },
  raw: Buffer.from(''),
  attempt: 1,
  addHeaders: [],
  writes: [],
});

const stage = (name: string, run: Stage['run']): Stage => ({ name, run });

describe('runPipeline', () => {
  it('runs stages in order and reports their durations', async () => {
    const seen: string[] = [];
    const timed: string[] = [];
    await runPipeline(
      [stage('a', () => void seen.push('a')), stage('b', async () => void seen.push('b'))],
      ctx(),
      {
        stageTimeoutMs: 1000,
        onStageDone: (s) => timed.push(s),
      },
    );
    expect(seen).toEqual(['a', 'b']);
    expect(timed).toEqual(['a', 'b']);
  });

  it('runs the later stages of a held message too, with the verdict for them to see', async () => {
    const seen: string[] = [];
    const c = ctx();
    await runPipeline(
      [
        stage('decide', (x) => {
          x.verdict = 'hold';
        }),
        stage('quarantine', (x) => void seen.push(`quarantine:${x.verdict}`)),
      ],
      c,
      { stageTimeoutMs: 1000 },
    );
    expect(seen).toEqual(['quarantine:hold']);
  });

  it('times a stage out and aborts its signal', async () => {
    let aborted = false;
    const slow = stage(
      'slow',
      (_c, signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    );
    await expect(runPipeline([slow], ctx(), { stageTimeoutMs: 30 })).rejects.toBeInstanceOf(
      StageTimeoutError,
    );
    expect(aborted).toBe(true);
  });

  it('passes a stage crash on unchanged', async () => {
    const boom = new TypeError('boom');
    await expect(
      runPipeline(
        [
          stage('x', () => {
            throw boom;
          }),
        ],
        ctx(),
        { stageTimeoutMs: 1000 },
      ),
    ).rejects.toBe(boom);
  });
});
