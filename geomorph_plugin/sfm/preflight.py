"""Before any upload: can the cluster's nodes run the job's engine? Asked over the job's SSH session.

    check_nodes(session, engine, setup_command="", container_image="", feedback=None) -> Preflight | None
    check_staged(session, files, feedback=None) -> Preflight | None   # with what the staged job will use

How it checks: one ``/bin/sh`` on the login node, in a temporary folder of its own (removed
afterwards, so a setup command that writes files leaves nothing behind), runs the profile's
node setup command as ``remote/node.sh`` does before every step, then looks for the engine's
program the way the node code does (``$GEOMORPH_MM3D``, else ``mm3d`` on PATH). ``mm3d`` is
also run (``mm3d -help``: MicMac's list of commands, exit status 0), which catches a build
that misses its libraries. ``colmap`` is only looked for: a CUDA build of COLMAP may not start
on a login node without a GPU driver although it runs on the GPU nodes. For MicMac, the log
also warns when neither ``exiftool`` nor ``exiv2`` is there (MicMac reads the photos' focal
length and camera with them).

With a container image the nodes run every step inside it (``+SingularityImage``), so the
check runs inside it too: ``apptainer exec <image> /bin/sh -c ...`` (or ``singularity``) when
the login node has one of them and can read the image. When it cannot (the runtime only on the
execute nodes, an image given as a ``docker://`` URL that would be pulled first), the check is
skipped and the log says so: refusing there would block clusters that work.

The login node stands for the execute nodes: on clusters their software comes from the same
shared module tree or image, which is what the setup command and the image name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import GeomorphError
from ..i18n import tr

TIMEOUT_S = 120.0
_MARK = "geomorph-preflight"
# Exit codes of the script below.
_NO_TEMP, _SETUP_FAILED, _NOT_FOUND, _DOES_NOT_RUN = 90, 91, 92, 93

# $1 setup command, $2 variable naming the program (GEOMORPH_MM3D), $3 program, $4 optional
# programs (names, space separated), then the arguments to run it with (none: only look for it).
_SCRIPT = r"""
path0=$PATH
d=$(mktemp -d 2>/dev/null) && cd "$d" || exit 90
trap 'cd / && PATH=$path0 rm -rf "$d"' EXIT
setup=$1 var=$2 prog=$3 optional=$4
shift 4
if [ -n "$setup" ]; then
    eval "$setup" >&2 || exit 91
fi
bin=
[ -z "$var" ] || eval "bin=\${$var:-}"
[ -n "$bin" ] || bin=$(command -v "$prog") || exit 92
[ -n "$bin" ] || exit 92
for name in $optional; do
    if command -v "$name" >/dev/null 2>&1; then echo "geomorph-preflight-has $name"; fi
done
if [ $# -gt 0 ]; then
    out=$("$bin" "$@" 2>&1 </dev/null)
    rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" >&2
        echo "geomorph-preflight-bin $bin"
        echo "geomorph-preflight-rc $rc"
        exit 93
    fi
fi
echo "geomorph-preflight-ok $bin"
"""


@dataclass(frozen=True)
class NodeProgram:
    program: str
    variable: str  # overrides PATH on the nodes (remote/common.engine_binary)
    run_args: tuple[str, ...]  # () = only look for it
    example: str  # a setup command that provides it
    exif_readers: tuple[str, ...] = ()  # MicMac reads EXIF with one of them: a warning when none is there


# Per registered engine, the program its nodes run.
NODE_PROGRAMS: dict[str, NodeProgram] = {
    "micmac": NodeProgram("mm3d", "GEOMORPH_MM3D", ("-help",),
                          "module load micmac; export PATH=/opt/micmac/bin:$PATH", ("exiftool", "exiv2")),
    "colmap": NodeProgram("colmap", "GEOMORPH_COLMAP", (), "module load colmap"),
}


@dataclass(frozen=True)
class Preflight:
    program: str
    path: str  # where the nodes find it ("" when the check was skipped)
    checked: bool
    where: str  # "login node" or the image it was checked in
    found_optional: tuple[str, ...] = ()


def setup_field() -> str:
    """The setup field's label as users see it in Plugins > Geomorph > Cluster profiles."""
    return tr("Node setup command")


def image_field() -> str:
    return tr("Container image (Apptainer/Singularity)")


def _tail(text: str, lines: int = 8) -> str:
    kept = [line for line in (text or "").strip().splitlines() if not line.startswith(_MARK)]
    return "\n".join(kept[-lines:])[-1500:]


def _container_runtime(session, image: str) -> tuple[str, str]:
    """(runtime path, "") when the login node can run ``image``, else ("", why it cannot)."""
    if re.match(r"^[a-z0-9+.-]+://", image, re.IGNORECASE):
        return "", tr("the image {image} is a URL, which the check would have to download first").format(image=image)
    found = session.run(["sh", "-c", "command -v apptainer || command -v singularity"], check=False,
                        timeout=TIMEOUT_S)
    runtime = found.stdout.strip().splitlines()[0] if found.exit_code == 0 and found.stdout.strip() else ""
    if not runtime:
        return "", tr("the login node has neither apptainer nor singularity")
    if session.run(["test", "-r", image], check=False, timeout=TIMEOUT_S).exit_code != 0:
        return "", tr("the login node cannot read the image {image}").format(image=image)
    return runtime, ""


def check_nodes(session, engine: str, setup_command: str = "", container_image: str = "",
                feedback=None) -> Preflight | None:
    """Check that the nodes can run ``engine``'s program; GeomorphError naming the profile field
    to fill in when they cannot. None for an engine with no program to check."""
    spec = NODE_PROGRAMS.get((engine or "").strip().lower())
    if spec is None:
        return None
    setup = (setup_command or "").strip()
    image = (container_image or "").strip()
    profile = session.profile.name
    host = session.profile.host
    argv = ["/bin/sh", "-c", _SCRIPT, "sh", setup, spec.variable, spec.program, " ".join(spec.exif_readers),
            *spec.run_args]
    where = tr("the login node {host}").format(host=host)
    if image:
        runtime, why_not = _container_runtime(session, image)
        if not runtime:
            if feedback is not None:
                feedback.pushInfo(tr("Preflight skipped: {why}, so whether the nodes can run {program} in the image "
                                     "is not checked before the upload; a node that cannot will say so in its "
                                     "log.").format(why=why_not, program=spec.program))
            return Preflight(spec.program, "", False, image)
        argv = [runtime, "exec", image, *argv]
        where = tr("the container image {image} on {host}").format(image=image, host=host)
    try:
        result = session.run(argv, check=False, timeout=TIMEOUT_S)
    except GeomorphError as exc:
        from ..cluster.ssh import ConnectionLostError

        if isinstance(exc, ConnectionLostError):
            raise
        raise GeomorphError(tr("Checking that the nodes can run {program} did not finish on {where} within {seconds} "
                               "s: check the profile's \"{field}\" (a command that waits for input?).").format(
            program=spec.program, where=where, seconds=int(TIMEOUT_S), field=setup_field())) from exc
    lines = result.stdout.splitlines()
    ok = [line.split(" ", 1)[1] for line in lines if line.startswith(_MARK + "-ok ")]
    setup_text = setup or tr("none")
    field = setup_field()
    fix = tr("Fill in \"{field}\" in Plugins > Geomorph > Cluster profiles for the profile \"{profile}\" so that it "
             "makes {program} available (for example: {example}), or set \"{image_field}\" to an image that has "
             "it.").format(field=field, profile=profile, program=spec.program, example=spec.example,
                           image_field=image_field())
    if result.exit_code == 0 and ok:
        found = tuple(line.split(" ", 1)[1] for line in lines if line.startswith(_MARK + "-has "))
        if feedback is not None:
            feedback.pushInfo(tr("Preflight: the nodes can run {program} ({path}, in {where}, after the node setup "
                                 "command).").format(program=spec.program, path=ok[-1], where=where))
            if spec.exif_readers and not found:
                feedback.reportError(tr(
                    "Neither exiftool nor exiv2 was found in {where} after the node setup command: MicMac reads the "
                    "photos' focal length and camera with them. If a step complains about them, add one with "
                    "\"{field}\" (for example: module load exiftool) or to the container image.").format(
                    where=where, field=field), False)
        return Preflight(spec.program, ok[-1], True, where, found)
    tail = _tail(result.stderr) or _tail(result.stdout)
    if result.exit_code == _NOT_FOUND:
        raise GeomorphError(tr("The cluster's nodes cannot run {engine}: \"{program}\" was not found in {where} after "
                               "the profile's node setup command ({setup}). {fix} Nothing was uploaded.").format(
            engine=engine, program=spec.program, where=where, setup=setup_text, fix=fix))
    if result.exit_code == _DOES_NOT_RUN:
        path = next((line.split(" ", 1)[1] for line in lines if line.startswith(_MARK + "-bin ")), spec.program)
        code = next((line.split(" ", 1)[1] for line in lines if line.startswith(_MARK + "-rc ")), "?")
        raise GeomorphError(tr("The cluster's nodes cannot run {engine}: \"{path} {args}\" failed in {where} with exit "
                               "code {code}: {tail}. Fix that installation, or the profile's \"{field}\" (a module "
                               "it needs?). {fix} Nothing was uploaded.").format(
            engine=engine, path=path, args=" ".join(spec.run_args), where=where, code=code,
            tail=tail or tr("no output"), field=field, fix=fix))
    if result.exit_code == _SETUP_FAILED or (result.exit_code == 0 and not ok):
        raise GeomorphError(tr("The profile's \"{field}\" ({setup}) failed in {where} (exit code {code}): {tail}. "
                               "Correct it in Plugins > Geomorph > Cluster profiles for the profile \"{profile}\": the "
                               "nodes run it before every step. Nothing was uploaded.").format(
            field=field, setup=setup_text, where=where, code=result.exit_code, tail=tail or tr("no output"),
            profile=profile))
    raise GeomorphError(tr("Checking that the nodes can run {program} failed in {where} (exit code {code}): {tail}. "
                           "Check the profile's \"{image_field}\" and \"{field}\". Nothing was uploaded.").format(
        program=spec.program, where=where, code=result.exit_code, tail=tail or tr("no output"),
        image_field=image_field(), field=field))


def check_staged(session, files, feedback=None) -> Preflight | None:
    """``check_nodes`` with the engine, setup command and image of a staged job (its workflow.json:
    what the nodes will get, whether it came from the profile or from the caller's options)."""
    from ..workflow.dag import WORKFLOW_JSON

    try:
        workflow = json.loads((Path(files.staging_dir) / WORKFLOW_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        workflow = {}
    options = workflow.get("workflow_options") or {}
    return check_nodes(session, files.engine or workflow.get("engine", ""), options.get("setup_command", ""),
                       options.get("container_image", ""), feedback)
