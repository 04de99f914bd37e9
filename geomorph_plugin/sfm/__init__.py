"""The SfM job lifecycle on the client: its states, following a job on the cluster, and the
"load the job, connect, act, close" context. ``workflow/jobs.py`` keeps preparing, uploading
and fetching, and re-exports what moved here, so existing imports keep working."""
