#!/bin/sh
# Entry point of every DAG node: run from the job directory (the DAG's directory).
# The profile's setup command (module load, PATH...) is sourced first when there is one.
# HTCondor starts jobs with a minimal PATH (often /bin:/usr/bin); software installed by hand lives
# in /usr/local/bin, where the preflight, run in an SSH login shell, found it.
case ":${PATH:-}:" in *:/usr/local/bin:*) ;; *) PATH="${PATH:+$PATH:}/usr/local/bin"; export PATH ;; esac
if [ -f ./geomorph_setup.sh ]; then
    . ./geomorph_setup.sh || { echo "geomorph: the cluster profile's setup command failed" >&2; exit 1; }
fi
exec "${GEOMORPH_PYTHON:-python3}" geomorph_remote/geomorph_node.py "$@"
