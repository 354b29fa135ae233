#!/usr/bin/env bash
# Starts a real SLURM cluster on this host for plait's tests and benchmarks: Debian's slurm-wlm
# (slurmctld, two slurmd named n1 and n2 on 127.0.0.1) and munge, without systemd. Installs the
# packages from apt when missing. Idempotent: when the cluster is already up it only waits for it.
#
#   bash scripts/slurm_start.sh        then: export SLURM_CONF=/tmp/plait-slurm/etc/slurm.conf
#
# Environment: PLAIT_SLURM_DIR (default /tmp/plait-slurm: config, state, logs, pids),
# PLAIT_SLURM_CPUS (CPUs per node, default 4: more job slots than cores is fine for short tasks).
# Stop with scripts/slurm_stop.sh. Needs root (or sudo) for apt and munge.
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin
BASE=${PLAIT_SLURM_DIR:-/tmp/plait-slurm}
CPUS=${PLAIT_SLURM_CPUS:-4}
CONF=$BASE/etc/slurm.conf
export SLURM_CONF=$CONF
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
say() { echo "slurm_start: $*" >&2; }
fail() {
  say "ERROR: $*"
  for f in "$BASE"/log/*.log; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
  exit 1
}
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && ! grep -q '^[^)]*) Z' "/proc/$(cat "$1")/stat"; }

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
  ! command -v sbatch >/dev/null || ! command -v munged >/dev/null; then
  say "installing slurmctld slurmd slurm-client munge from apt"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    slurmctld slurmd slurm-client munge >/dev/null
fi

# munge: its key, its runtime folder, and the daemon running as the munge user (it refuses root).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || $SUDO mungekey --create --keyfile=/etc/munge/munge.key --force
  $SUDO mkdir -p /run/munge
  $SUDO chown munge:munge /etc/munge /etc/munge/munge.key /var/lib/munge /var/log/munge /run/munge
  $SUDO chmod 0700 /etc/munge /var/log/munge
  $SUDO chmod 0600 /etc/munge/munge.key
  $SUDO rm -f /run/munge/munged.pid
  $SUDO runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null 2>&1 || fail "munged did not start (see /var/log/munge/munged.log)"
fi

mkdir -p "$BASE"/{etc,state,log,run,spool/n1,spool/n2}
HOST=$(hostname -s)
MEM=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n 1)
MEM=$((MEM * 9 / 10)) # under the hardware's, or the node is drained
cat >"$CONF.new" <<EOF
# written by plait's scripts/slurm_start.sh
ClusterName=plait
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
MailProg=/bin/true
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# start a batch job at once, not up to 3 s later
SchedulerParameters=batch_sched_delay=0
# cancel jobs whose dependency failed instead of leaving them pending (22.05: here, not above)
DependencyParameters=kill_invalid_depend
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=300
KillWait=2
OverTimeLimit=0
InactiveLimit=0
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool/%n
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd-%n.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd-%n.log
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$BASE/log/jobcomp.txt
NodeName=n1 NodeHostname=$HOST NodeAddr=127.0.0.1 Port=6818 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
NodeName=n2 NodeHostname=$HOST NodeAddr=127.0.0.1 Port=6819 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

up() {
  alive "$BASE/run/slurmctld.pid" && alive "$BASE/run/slurmd-n1.pid" && alive "$BASE/run/slurmd-n2.pid" &&
    scontrol ping 2>/dev/null | grep -q UP
}
if up && cmp -s "$CONF.new" "$CONF"; then
  rm -f "$CONF.new"
else
  bash "$(dirname "$0")/slurm_stop.sh" --keep-munge >/dev/null 2>&1 || true
  mv "$CONF.new" "$CONF"
  rm -rf "${BASE:?}/state" && mkdir -p "$BASE/state" "$BASE/spool/n1" "$BASE/spool/n2"
  [ -e /etc/slurm/slurm.conf ] && [ ! -L /etc/slurm/slurm.conf ] ||
    { $SUDO mkdir -p /etc/slurm && $SUDO ln -sfn "$CONF" /etc/slurm/slurm.conf; }
  cd "$BASE"
  setsid slurmctld -D -f "$CONF" >"$BASE/log/slurmctld.out" 2>&1 </dev/null &
  for _ in $(seq 300); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
  scontrol ping 2>/dev/null | grep -q UP || fail "slurmctld does not answer"
  for n in n1 n2; do
    setsid slurmd -D -N "$n" -f "$CONF" >"$BASE/log/slurmd-$n.out" 2>&1 </dev/null &
  done
fi

for _ in $(seq 300); do
  states=$(sinfo -h -N -o '%N %T' 2>/dev/null | sort -u | paste -sd' ' || true)
  [[ "$states" =~ ^n1\ (idle|mixed|allocated)\ n2\ (idle|mixed|allocated)$ ]] && break
  sleep 0.2
done
[[ "$states" =~ ^n1\ (idle|mixed|allocated)\ n2\ (idle|mixed|allocated)$ ]] || fail "nodes not ready: $states"
say "cluster up ($states); SLURM_CONF=$CONF"
