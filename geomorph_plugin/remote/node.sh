#!/bin/sh
# Entry point of every DAG node: run from the job directory (the DAG's directory).
# The profile's setup command (module load, PATH...) is sourced first when there is one.
if [ -f ./geomorph_setup.sh ]; then
    . ./geomorph_setup.sh || { echo "geomorph: the cluster profile's setup command failed" >&2; exit 1; }
fi
exec "${GEOMORPH_PYTHON:-python3}" geomorph_remote/geomorph_node.py "$@"
