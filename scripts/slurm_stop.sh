#!/usr/bin/env bash
# Stops the cluster scripts/slurm_start.sh started: cancels its jobs, `scontrol shutdown` (then the
# daemons' pids, TERM and KILL), kills job step daemons left behind, and stops munged unless
# --keep-munge. Acts only on the pids in its own folder; safe to run when nothing runs.
set -uo pipefail
export PATH=$PATH:/usr/sbin:/sbin
BASE=${PLAIT_SLURM_DIR:-/tmp/plait-slurm}
CONF=$BASE/etc/slurm.conf
export SLURM_CONF=$CONF
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^[^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
wait_gone() {
  local p left
  for _ in $(seq 50); do
    left=""
    for p in "$@"; do alive "$p" && left="$left $p"; done
    [ -z "$left" ] && return 0
    sleep 0.1
  done
  echo "$left"
  return 1
}

pids=""
for f in "$BASE"/run/slurmctld.pid "$BASE"/run/slurmd-*.pid; do
  [ -s "$f" ] && alive "$(cat "$f")" && pids="$pids $(cat "$f")"
done
if [ -n "$pids" ] && scontrol ping 2>/dev/null | grep -q UP; then
  jobs=$(squeue -h -o %i 2>/dev/null | paste -sd' ')
  if [ -n "$jobs" ]; then
    # shellcheck disable=SC2086
    scancel $jobs 2>/dev/null
    for _ in $(seq 100); do [ -z "$(squeue -h -o %i 2>/dev/null)" ] && break; sleep 0.1; done
  fi
  scontrol shutdown >/dev/null 2>&1
fi
if [ -n "$pids" ]; then
  # shellcheck disable=SC2086
  if left=$(wait_gone $pids); then :; else
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null
    # shellcheck disable=SC2086
    left=$(wait_gone $left) || kill -KILL $left 2>/dev/null
  fi
fi
rm -f "$BASE"/run/*.pid

# slurmstepd of this cluster that outlived the daemons ignore SIGTERM: kill them and their jobs.
# Builtins only while scanning /proc: a fork per process would take seconds here.
for d in /proc/[0-9]*; do
  c=""
  { read -r c <"$d/comm"; } 2>/dev/null
  [ "$c" = slurmstepd ] || continue
  tr '\0' '\n' <"$d/environ" 2>/dev/null | grep -qxF "SLURM_CONF=$CONF" || continue
  p=${d#/proc/}
  kill -KILL "$p" $(pgrep -P "$p") 2>/dev/null
done

if [ "${1:-}" != --keep-munge ] && [ -s /run/munge/munged.pid ]; then
  mp=$(cat /run/munge/munged.pid)
  alive "$mp" && $SUDO kill -TERM "$mp" && wait_gone "$mp" >/dev/null
fi
[ -L /etc/slurm/slurm.conf ] && [ "$(readlink /etc/slurm/slurm.conf)" = "$CONF" ] && $SUDO rm -f /etc/slurm/slurm.conf
echo "slurm_stop: stopped" >&2
exit 0
