"""geomorph:trusthostkey: store a cluster's SSH host key after the user has checked it."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterBoolean

from . import sfm_common as common
from .base import GeomorphAlgorithm


class TrustHostKeyAlgorithm(GeomorphAlgorithm):
    ALG_ID = "trusthostkey"
    GROUP_ID = "cluster"
    REQUIRED_MODULES = ("paramiko",)

    PROFILE = "PROFILE"
    EXPECTED_FINGERPRINT = "EXPECTED_FINGERPRINT"
    TRUST_SHOWN_KEY = "TRUST_SHOWN_KEY"
    FINGERPRINT = "FINGERPRINT"
    KNOWN_HOSTS = "KNOWN_HOSTS"

    def display_name(self) -> str:
        return self.tr("Trust cluster host key")

    def help_text(self) -> str:
        return self.tr(
            "Fetches the SSH host key of the profile's cluster and adds it to Geomorph's known_hosts file, so "
            "that the cluster can be reached. Enter the fingerprint that the cluster's administrators publish "
            "(SHA256:...) as the expected fingerprint: the key is stored only when it matches, and this is also "
            "the way to accept a key that changed because the server was reinstalled. Without an expected "
            "fingerprint nothing is stored, and the log shows the fingerprint the server presents; once you have "
            "compared it, run again with it, or tick \"Trust the key shown\" (the fingerprint is written to the "
            "log before the key is stored)."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        common.add_profile_parameter(self)
        common.add_string_parameter(self, self.EXPECTED_FINGERPRINT, self.tr("Expected fingerprint (SHA256:...)"),
                                    optional=True)
        self.addParameter(QgsProcessingParameterBoolean(
            self.TRUST_SHOWN_KEY, self.tr("Trust the key shown, without an expected fingerprint"), False))
        self.addOutput(QgsProcessingOutputString(self.FINGERPRINT, self.tr("Fingerprint of the trusted key")))
        self.addOutput(QgsProcessingOutputString(self.KNOWN_HOSTS, self.tr("known_hosts file")))

    def process(self, parameters, context, feedback) -> dict:
        from ..cluster.hostkeys import plugin_known_hosts, trust_host_key
        from ..cluster.profiles import load_profile

        profile = load_profile(self.parameterAsString(parameters, self.PROFILE, context).strip())
        expected = self.parameterAsString(parameters, self.EXPECTED_FINGERPRINT, context).strip()
        accept = self.parameterAsBool(parameters, self.TRUST_SHOWN_KEY, context)
        path = plugin_known_hosts()

        def shown(fingerprint, key_type):
            feedback.pushInfo(self.tr("{host}:{port} presents the {type} host key {fingerprint}.").format(
                host=profile.host, port=profile.port, type=key_type, fingerprint=fingerprint))

        fingerprint = trust_host_key(profile, expected or None, path, accept_shown=accept, on_fingerprint=shown)
        feedback.pushInfo(self.tr("Trusted the host key {fingerprint} of {host}:{port}; stored in {path}.")
                          .format(fingerprint=fingerprint, host=profile.host, port=profile.port, path=path))
        return {self.FINGERPRINT: fingerprint, self.KNOWN_HOSTS: str(path)}
