/**
 * A seccomp-BPF program for bwrap's `--seccomp FD`: defence in depth on top of the namespaces. The
 * sandbox already runs without capabilities in its own user namespace; this also refuses (EPERM) the
 * kernel interfaces a plugin never needs and that carry most local privilege-escalation bugs: bpf,
 * perf_event_open, userfaultfd, io_uring, keyrings, ptrace and cross-process memory access, module and
 * kexec loading, mount APIs, namespace joining, clock and swap control. Foreign ABIs are killed (a
 * non-x86_64 arch value) or refused (the x32 range), so the list cannot be bypassed through them.
 * x86_64 only; on other machines the backend runs without it (and says so in `diagnose()`).
 */
const DENIED_X86_64: Record<string, number> = {
  ptrace: 101,
  syslog: 103,
  uselib: 134,
  personality: 135,
  vhangup: 153,
  pivot_root: 155,
  adjtimex: 159,
  acct: 163,
  settimeofday: 164,
  mount: 165,
  umount2: 166,
  swapon: 167,
  swapoff: 168,
  reboot: 169,
  iopl: 172,
  ioperm: 173,
  init_module: 175,
  delete_module: 176,
  quotactl: 179,
  lookup_dcookie: 212,
  clock_settime: 227,
  kexec_load: 246,
  add_key: 248,
  request_key: 249,
  keyctl: 250,
  perf_event_open: 298,
  name_to_handle_at: 303,
  open_by_handle_at: 304,
  clock_adjtime: 305,
  setns: 308,
  process_vm_readv: 310,
  process_vm_writev: 311,
  finit_module: 313,
  kexec_file_load: 320,
  bpf: 321,
  userfaultfd: 323,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
};

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const RET_ALLOW = 0x7fff0000;
const RET_KILL_PROCESS = 0x80000000;
const RET_ERRNO_EPERM = 0x00050000 | 1;

/** Syscall names the filter refuses (for documentation and tests). */
export const SECCOMP_DENIED: readonly string[] = Object.freeze(Object.keys(DENIED_X86_64));

/** The program as raw `struct sock_filter` records, or undefined on an architecture it does not know. */
export function seccompProgram(arch: string = process.arch): Buffer | undefined {
  if (arch !== 'x64') return undefined;
  const numbers = Object.values(DENIED_X86_64);
  const ops: Array<[number, number, number, number]> = [];
  ops.push([BPF_LD_W_ABS, 0, 0, 4]); // seccomp_data.arch
  ops.push([BPF_JEQ_K, 1, 0, AUDIT_ARCH_X86_64]);
  ops.push([BPF_RET_K, 0, 0, RET_KILL_PROCESS]);
  ops.push([BPF_LD_W_ABS, 0, 0, 0]); // seccomp_data.nr
  // Jumps are relative to the next instruction; the deny target is the last one.
  const denyAt = ops.length + 1 + numbers.length + 1; // after the x32 check, the list and ALLOW
  ops.push([BPF_JGE_K, denyAt - (ops.length + 1), 0, X32_SYSCALL_BIT]);
  for (const nr of numbers) ops.push([BPF_JEQ_K, denyAt - (ops.length + 1), 0, nr]);
  ops.push([BPF_RET_K, 0, 0, RET_ALLOW]);
  ops.push([BPF_RET_K, 0, 0, RET_ERRNO_EPERM]);
  const buf = Buffer.alloc(ops.length * 8);
  ops.forEach(([code, jt, jf, k], i) => {
    buf.writeUInt16LE(code, i * 8);
    buf.writeUInt8(jt, i * 8 + 2);
    buf.writeUInt8(jf, i * 8 + 3);
    buf.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return buf;
}
