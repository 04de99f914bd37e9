#!/bin/sh
# Entry point of every DAG node: run from the job directory (the DAG's directory).
# The profile's setup command (module load, PATH...) is sourced first when there is one.
# HTCondor starts jobs with a minimal PATH, or none: the usual directories go at its end, so that
# the tools MicMac runs (make, convert, exiftool) and what is installed by hand in /usr/local/bin
# are found as in the SSH login shell where the preflight found them.
for dir in /usr/local/bin /usr/bin /bin; do
    case ":${PATH:-}:" in *":$dir:"*) ;; *) PATH="${PATH:+$PATH:}$dir" ;; esac
done
export PATH
if [ -f ./geomorph_setup.sh ]; then
    . ./geomorph_setup.sh || { echo "geomorph: the cluster profile's setup command failed" >&2; exit 1; }
fi
exec "${GEOMORPH_PYTHON:-python3}" geomorph_remote/geomorph_node.py "$@"
