"""Smoke test of the local test cluster (scripts/test-cluster, see DEVELOPERS.md).

Starts the cluster (builds the chroot on first use: a few minutes; needs root)
and runs one real HTCondor job over SSH with paramiko. Does not stop the
cluster: other test modules share it.
"""

import importlib.util
import shlex
import time
import uuid
from pathlib import Path

import paramiko
import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load_test_cluster():
    spec = importlib.util.spec_from_file_location("test_cluster", SCRIPTS / "test_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cluster():
    tc = _load_test_cluster()
    try:
        return tc.start()
    except Exception as exc:  # fail (not skip) with the reason
        pytest.fail(f"local test cluster could not be started: {exc}", pytrace=False)


@pytest.fixture(scope="module")
def ssh(cluster):
    client = paramiko.SSHClient()
    client.load_host_keys(cluster["known_hosts"])
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    client.connect(cluster["host"], port=cluster["port"], username=cluster["user"],
                   key_filename=cluster["key_file"], look_for_keys=False,
                   allow_agent=False, timeout=10)
    yield client
    client.close()


def _run(client, command, timeout=60):
    _, stdout, stderr = client.exec_command(command, timeout=timeout)
    rc = stdout.channel.recv_exit_status()
    out, err = stdout.read().decode(), stderr.read().decode()
    assert rc == 0, f"{command!r} failed ({rc}):\n{out}\n{err}"
    return out


def test_cluster_info(cluster):
    assert cluster["host"] == "127.0.0.1"
    assert cluster["host_key_fingerprint_sha256"].startswith("SHA256:")
    assert cluster["slots"] >= 1


def test_wrong_password_is_rejected(cluster):
    client = paramiko.SSHClient()
    client.load_host_keys(cluster["known_hosts"])
    client.set_missing_host_key_policy(paramiko.RejectPolicy())
    with pytest.raises(paramiko.AuthenticationException):
        client.connect(cluster["host"], port=cluster["port"], username=cluster["user"],
                       password="wrong-" + cluster["password"], look_for_keys=False,
                       allow_agent=False, timeout=10)
    client.close()


def test_trivial_condor_job(cluster, ssh):
    job_dir = f"{cluster['work_root']}/smoke-{uuid.uuid4().hex[:8]}"
    submit = "\n".join([
        "executable = /bin/sh",
        "arguments = \"-c 'echo hello > out'\"",
        "log = job.log",
        "output = stdout",
        "error = stderr",
        "should_transfer_files = NO",
        "queue",
        "",
    ])
    t0 = time.monotonic()
    _run(ssh, f"mkdir -p {job_dir} && cat > {job_dir}/job.sub << 'EOF'\n{submit}EOF")
    _run(ssh, f"cd {job_dir} && condor_submit job.sub && condor_wait -wait 50 job.log")
    assert _run(ssh, f"cat {shlex.quote(job_dir)}/out") == "hello\n"
    assert time.monotonic() - t0 < 50
    _run(ssh, f"rm -rf {job_dir}")


@pytest.mark.slow
def test_start_installs_what_an_existing_root_lacks_without_stopping_condor(cluster):
    tc = _load_test_cluster()
    assert tc.missing_packages() == [] and tc.missing_pip_packages() == [], "start left the root incomplete"
    master = tc._pids_named("condor_master")
    # 'hello' (a few KB) stands for a package added to PACKAGES after this root was built.
    with tc._lock():
        tc.chroot(["apt-get", "purge", "-y", "hello"], check=False, capture=True)
        try:
            assert tc.missing_packages(["hello", "procps"]) == ["hello"]
            assert tc.ensure_packages(["hello"]) == ["hello"]
            assert tc.chroot(["hello"], capture=True).stdout.strip() == "Hello, world!"
            assert tc.ensure_packages(["hello"]) == [], "a second run has nothing to do"
        finally:
            tc.chroot(["apt-get", "purge", "-y", "hello"], check=False, capture=True)
    assert master and tc._pids_named("condor_master") == master, "condor was restarted"
    assert tc.missing_pip_packages(["copclib==0.0.1"]) == ["copclib==0.0.1"], "versions are compared"
