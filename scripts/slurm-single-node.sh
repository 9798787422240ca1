#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for testing the emitted job arrays for real:
# munge for authentication, slurmctld and slurmd, one partition holding this host.
#   scripts/slurm-single-node.sh start   → prints `export SLURM_CONF=…` once the node is idle
#   scripts/slurm-single-node.sh stop    → stops the daemons it started
# Needs root and Debian's slurm-wlm and munge. Its configuration, state and logs live in
# $OTTOFLOW_SLURM_DIR (default /tmp/ottoflow-slurm); /etc/slurm is not touched.
set -euo pipefail
dir="${OTTOFLOW_SLURM_DIR:-/tmp/ottoflow-slurm}"
conf="$dir/slurm.conf"

stop() {
  for d in slurmd slurmctld munged; do
    if [ -f "$dir/$d.pid" ]; then
      pid="$(cat "$dir/$d.pid")"
      # only the daemon itself: after a reboot the number may belong to anything
      if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$d" ]; then kill "$pid" 2>/dev/null || true; fi
      rm -f "$dir/$d.pid"
    fi
  done
}

start() {
  mkdir -p "$dir/state" "$dir/spool" "$dir/log" "$dir/munge"
  # Addresses are given, not looked up: a container's hostname often resolves nowhere.
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ {print int($2 / 1024 * 0.8)}' /proc/meminfo)"
  cat >"$conf" <<EOF
ClusterName=ottoflow-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${OTTOFLOW_SLURMCTLD_PORT:-6817}
SlurmdPort=${OTTOFLOW_SLURMD_PORT:-6818}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket.2
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  # Daemons of an earlier start go first; a socket left by a machine's earlier life (the file
  # outlives its munged) would otherwise pass for a running one and refuse every connection.
  stop
  rm -f "$dir/munge/munge.socket.2" "$dir/munge/munge.socket.2.lock"
  # munged refuses to run as root; its own socket keeps clear of a system munge.
  chown -R munge:munge "$dir/munge"
  runuser -u munge -- /usr/sbin/munged --socket="$dir/munge/munge.socket.2" \
    --pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" \
    --seed-file="$dir/munge/munged.seed"
  cp "$dir/munge/munged.pid" "$dir/munged.pid"
  # -c: no job or node state from an earlier start
  /usr/sbin/slurmctld -c -f "$conf"
  /usr/sbin/slurmd -f "$conf"
  export SLURM_CONF="$conf"
  # Two minutes in all: an unreachable controller makes each sinfo retry for a minute or more.
  local deadline=$((SECONDS + 120))
  while ((SECONDS < deadline)); do
    if timeout 10 sinfo -h -o '%t' 2>/dev/null | grep -qx 'idle'; then
      echo "export SLURM_CONF=$conf"
      return 0
    fi
    sleep 1
  done
  echo "slurm did not come up; logs in $dir/log" >&2
  tail -n 20 "$dir/log/"*.log >&2 || true
  return 1
}

case "${1:-}" in
start) start ;;
stop) stop ;;
*)
  echo "usage: $0 start|stop" >&2
  exit 2
  ;;
esac
