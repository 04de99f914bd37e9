"""geomorph:createclusterprofile: make or replace a cluster profile without the dialog (scripts,
qgis_process), with the password or key passphrase going into QGIS's authentication database."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from qgis.core import (
    QgsProcessingOutputString,
    QgsProcessingParameterAuthConfig,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
)

from ..errors import GeomorphError
from . import sfm_common as common
from .base import GeomorphAlgorithm


class CreateClusterProfileAlgorithm(GeomorphAlgorithm):
    ALG_ID = "createclusterprofile"
    GROUP_ID = "cluster"
    REQUIRED_MODULES = ()

    NAME = "NAME"
    HOST = "HOST"
    PORT = "PORT"
    USER = "USER"
    AUTH_METHOD = "AUTH_METHOD"
    KEY_FILE = "KEY_FILE"
    SECRET_FILE = "SECRET_FILE"  # noqa: S105 - a parameter name, not a secret
    SECRET_ENV = "SECRET_ENV"  # noqa: S105 - a parameter name, not a secret
    AUTHCFG = "AUTHCFG"
    WORK_ROOT = "WORK_ROOT"
    SETUP_COMMAND = "SETUP_COMMAND"
    CONTAINER_IMAGE = "CONTAINER_IMAGE"
    EXTRA_REQUIREMENTS = "EXTRA_REQUIREMENTS"
    ACCOUNTING_GROUP = "ACCOUNTING_GROUP"
    MAX_JOBS = "MAX_JOBS"
    HAS_GPU = "HAS_GPU"
    MAX_CPUS_PER_JOB = "MAX_CPUS_PER_JOB"
    MAX_MEMORY_MB = "MAX_MEMORY_MB"
    RETRIES = "RETRIES"
    REPLACE = "REPLACE"
    PROFILE_FILE = "PROFILE_FILE"
    PROFILES = "PROFILES"

    # In the order of the enum; scripts pass the index.
    METHODS = ("agent", "keyfile", "authcfg")

    def display_name(self) -> str:
        return self.tr("Create cluster profile")

    def help_text(self) -> str:
        return self.tr(
            "Makes a cluster profile, with the same fields as Plugins > Geomorph > Cluster profiles, for scripts and "
            "qgis_process. Authentication: 0 = SSH agent / Pageant, 1 = private key file, 2 = password. A password "
            "or key passphrase never goes in a parameter (Processing keeps parameters in its history): give a file "
            "that holds it (its first line is read; delete the file afterwards), or the name of an environment "
            "variable that holds it, and it is stored in QGIS's authentication database (its master password must "
            "be set); or pick a configuration already there. Limits per node job: 0 keeps the workflow's default. "
            "A profile file (JSON, {\"profiles\": [...]}) imports every profile in it instead of the fields. An "
            "existing profile is replaced only when you tick \"Replace\". Standalone Python scripts see the same "
            "profiles as QGIS only when they set QGIS's organisation and application names (see docs/cluster.md)."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        from ..workflow.engine import WorkflowOptions

        defaults = WorkflowOptions()
        common.add_string_parameter(self, self.NAME, self.tr("Name"), optional=True, help_text=self.tr(
            "The name you pick in the SfM algorithms (letters, digits, spaces, '.', '_', '-')."))
        common.add_string_parameter(self, self.HOST, self.tr("Host"), optional=True,
                                    help_text=self.tr("The login node where HTCondor's condor_submit runs."))
        self.addParameter(QgsProcessingParameterNumber(self.PORT, self.tr("Port"), QgsProcessingParameterNumber.Integer,
                                                       22, minValue=1, maxValue=65535))
        common.add_string_parameter(self, self.USER, self.tr("User"), optional=True)
        self.addParameter(QgsProcessingParameterEnum(
            self.AUTH_METHOD, self.tr("Authentication"),
            [self.tr("SSH agent / Pageant"), self.tr("Private key file"), self.tr("Password (QGIS authentication)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(self.KEY_FILE, self.tr("Private key file"), optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.SECRET_FILE, self.tr("File holding the password or key passphrase"), optional=True))
        common.add_string_parameter(self, self.SECRET_ENV,
                                    self.tr("Environment variable holding the password or key passphrase"),
                                    optional=True)
        self.addParameter(QgsProcessingParameterAuthConfig(
            self.AUTHCFG, self.tr("Or a configuration already in QGIS's authentication database"), optional=True))
        common.add_string_parameter(self, self.WORK_ROOT, self.tr("Remote work folder"), default="geomorph-jobs")
        advanced = []
        for name, label in ((self.SETUP_COMMAND, self.tr("Node setup command")),
                            (self.CONTAINER_IMAGE, self.tr("Container image (Apptainer/Singularity)")),
                            (self.EXTRA_REQUIREMENTS, self.tr("Extra requirements")),
                            (self.ACCOUNTING_GROUP, self.tr("Accounting group"))):
            common.add_string_parameter(self, name, label, optional=True)
            advanced.append(name)
        for name, label, maximum in (
                (self.MAX_JOBS, self.tr("Maximum parallel jobs (0 = no limit)"), 100000),
                (self.MAX_CPUS_PER_JOB, self.tr("CPU cores per node job at most (0 = {n}, the default)").format(
                    n=defaults.max_cpus_per_job), 4096),
                (self.MAX_MEMORY_MB, self.tr("Memory per node job at most, MB (0 = {n}, the default)").format(
                    n=defaults.max_memory_mb), 16 * 1024 * 1024),
                (self.RETRIES, self.tr("Retries of a failed node job (-1 = {n}, the default; 0 = none)").format(
                    n=defaults.retries), 100)):
            # Retries alone can be 0 on purpose (no retries), so "default" is -1 there, as in the dialog.
            default = -1 if name == self.RETRIES else 0
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Integer, default,
                                                           minValue=default, maxValue=maximum))
        self.addParameter(QgsProcessingParameterBoolean(self.HAS_GPU, self.tr("The cluster has GPU nodes (CUDA)"),
                                                        False))
        self.addParameter(QgsProcessingParameterBoolean(self.REPLACE, self.tr("Replace a profile of the same name"),
                                                        False))
        self.addParameter(QgsProcessingParameterFile(self.PROFILE_FILE, self.tr("Or import a profile file (JSON)"),
                                                     optional=True, fileFilter="JSON (*.json)"))
        for name in advanced + [self.MAX_JOBS, self.RETRIES, self.PROFILE_FILE]:
            param = self.parameterDefinition(name)
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        self.addOutput(QgsProcessingOutputString(self.PROFILES, self.tr("Profiles saved")))

    def _secret(self, parameters, context) -> str | None:
        path = self.parameterAsFile(parameters, self.SECRET_FILE, context)
        env = self.parameterAsString(parameters, self.SECRET_ENV, context).strip()
        if path:
            try:
                lines = Path(path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise GeomorphError(self.tr("The password file {path} cannot be read ({error}).").format(
                    path=path, error=type(exc).__name__)) from exc
            if not lines or not lines[0]:
                raise GeomorphError(self.tr("The password file {path} is empty: put the password on its first "
                                            "line.").format(path=path))
            return lines[0]
        if env:
            if not os.environ.get(env):
                raise GeomorphError(self.tr("The environment variable {name} is not set or empty: set it to the "
                                            "password before running.").format(name=env))
            return os.environ[env]
        return None

    def _from_fields(self, parameters, context):
        from ..cluster.profiles import Profile

        extra = {}
        for name, key in ((self.MAX_CPUS_PER_JOB, "max_cpus_per_job"), (self.MAX_MEMORY_MB, "max_memory_mb"),
                          (self.RETRIES, "retries")):
            value = self.parameterAsInt(parameters, name, context)
            if value > 0 or (key == "retries" and value == 0):
                extra[key] = value
        text = {name: self.parameterAsString(parameters, name, context).strip() for name in (
            self.NAME, self.HOST, self.USER, self.WORK_ROOT, self.SETUP_COMMAND, self.CONTAINER_IMAGE,
            self.EXTRA_REQUIREMENTS, self.ACCOUNTING_GROUP)}
        return Profile(
            name=text[self.NAME], host=text[self.HOST], user=text[self.USER],
            port=self.parameterAsInt(parameters, self.PORT, context),
            auth_method=self.METHODS[self.parameterAsEnum(parameters, self.AUTH_METHOD, context)],
            authcfg=self.parameterAsString(parameters, self.AUTHCFG, context).strip(),
            key_file=self.parameterAsFile(parameters, self.KEY_FILE, context),
            work_root=text[self.WORK_ROOT] or "geomorph-jobs", setup_command=text[self.SETUP_COMMAND],
            container_image=text[self.CONTAINER_IMAGE], extra_requirements=text[self.EXTRA_REQUIREMENTS],
            accounting_group=text[self.ACCOUNTING_GROUP], max_jobs=self.parameterAsInt(parameters, self.MAX_JOBS,
                                                                                       context),
            has_gpu=self.parameterAsBool(parameters, self.HAS_GPU, context), extra=extra)

    def process(self, parameters, context, feedback) -> dict:
        from ..cluster.profiles import (
            AUTH_AGENT,
            load_profile,
            load_profiles_json,
            profile_names,
            save_profile,
            store_secret,
        )

        path = self.parameterAsFile(parameters, self.PROFILE_FILE, context)
        if path:
            try:
                profiles = list(load_profiles_json(path).values())
            except (OSError, ValueError) as exc:
                raise GeomorphError(self.tr("The profile file {path} cannot be read: {error}").format(
                    path=path, error=exc)) from exc
        else:
            profiles = [self._from_fields(parameters, context)]
        replace = self.parameterAsBool(parameters, self.REPLACE, context)
        known = set(profile_names())
        secret = self._secret(parameters, context)
        for profile in profiles:
            # A password given here becomes the profile's auth configuration below.
            dataclasses.replace(profile, authcfg=profile.authcfg or ("pending" if secret else "")).validate()
            if profile.name in known and not replace:
                raise GeomorphError(self.tr("A cluster profile named \"{name}\" exists already: tick \"Replace a "
                                            "profile of the same name\", or choose another name.")
                                    .format(name=profile.name))
        for profile in profiles:
            if profile.name in known and not profile.authcfg:
                # Replacing: update the old profile's auth configuration rather than leave it orphaned.
                profile.authcfg = load_profile(profile.name).authcfg
            if secret is not None and profile.auth_method != AUTH_AGENT:
                profile.authcfg = store_secret(profile, secret)
                feedback.pushInfo(self.tr("Stored the password of \"{name}\" in QGIS's authentication database as "
                                          "configuration {id}.").format(name=profile.name, id=profile.authcfg))
            save_profile(profile)
            feedback.pushInfo(self.tr("Saved the cluster profile \"{name}\" ({user}@{host}:{port}). Next: trust its "
                                      "host key with \"Trust cluster host key\".").format(
                name=profile.name, user=profile.user, host=profile.host, port=profile.port))
        return {self.PROFILES: ", ".join(p.name for p in profiles)}
