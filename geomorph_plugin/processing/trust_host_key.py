"""geomorph:trusthostkey: store a cluster's SSH host key after the user has checked it."""

from __future__ import annotations

from qgis.core import QgsProcessingOutputString, QgsProcessingParameterString

from .base import GeomorphAlgorithm


class TrustHostKeyAlgorithm(GeomorphAlgorithm):
    ALG_ID = "trusthostkey"
    GROUP_ID = "cluster"
    REQUIRED_MODULES = ("paramiko",)

    PROFILE = "PROFILE"
    EXPECTED_FINGERPRINT = "EXPECTED_FINGERPRINT"
    FINGERPRINT = "FINGERPRINT"
    KNOWN_HOSTS = "KNOWN_HOSTS"

    def display_name(self) -> str:
        return self.tr("Trust cluster host key")

    def help_text(self) -> str:
        return self.tr(
            "Fetches the SSH host key of the profile's cluster and adds it to Geomorph's known_hosts file, so "
            "that the cluster can be reached. Compare the fingerprint with the one the cluster's administrators "
            "publish. If you enter the expected fingerprint (SHA256:...), the key is stored only when it matches; "
            "this is also the way to accept a key that changed because the server was reinstalled."
        )

    def initAlgorithm(self, config=None):  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterString(self.PROFILE, self.tr("Cluster profile name")))
        self.addParameter(QgsProcessingParameterString(
            self.EXPECTED_FINGERPRINT, self.tr("Expected fingerprint (SHA256:...)"), optional=True))
        self.addOutput(QgsProcessingOutputString(self.FINGERPRINT, self.tr("Fingerprint of the trusted key")))
        self.addOutput(QgsProcessingOutputString(self.KNOWN_HOSTS, self.tr("known_hosts file")))

    def process(self, parameters, context, feedback) -> dict:
        from ..cluster.hostkeys import plugin_known_hosts, trust_host_key
        from ..cluster.profiles import load_profile

        profile = load_profile(self.parameterAsString(parameters, self.PROFILE, context).strip())
        expected = self.parameterAsString(parameters, self.EXPECTED_FINGERPRINT, context).strip()
        path = plugin_known_hosts()
        fingerprint = trust_host_key(profile, expected or None, path)
        feedback.pushInfo(self.tr("Trusted the host key {fingerprint} of {host}:{port}; stored in {path}.")
                          .format(fingerprint=fingerprint, host=profile.host, port=profile.port, path=path))
        return {self.FINGERPRINT: fingerprint, self.KNOWN_HOSTS: str(path)}
