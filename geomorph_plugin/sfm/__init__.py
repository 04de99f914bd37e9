"""The SfM job lifecycle on the client, one module per stage:

``prepare`` (stage the DAG locally, record the job) -> ``upload`` -> ``follow`` (submit, poll, wait,
cancel, resume) -> ``fetch`` (download; ``products``: hillshade, report, result summary; ``copc``:
check the point cloud), with ``states`` (the ``JobState`` enum), ``status`` (per-step progress),
``report`` (the HTML job report) and ``session.open_job`` (load the job, connect, act, close).
``geomorph_plugin.workflow`` only plans the DAG and never talks to the cluster."""
