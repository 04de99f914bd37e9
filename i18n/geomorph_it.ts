<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it">
  <context>
    <name>Geomorph</name>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="34" />
      <source>Install it into the Python that QGIS uses: on Windows open the OSGeo4W Shell and run python -m pip install "{req}"; on macOS and Linux run {py} -m pip install "{req}".</source>
      <translation>Installalo nel Python usato da QGIS: su Windows apri la OSGeo4W Shell ed esegui python -m pip install "{req}"; su macOS e Linux esegui {py} -m pip install "{req}".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="45" />
      <source>The Python package numpy is missing.</source>
      <translation>Manca il pacchetto Python numpy.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="49" />
      <source>GDAL's numpy bindings (osgeo.gdal_array) do not load with numpy {version}: {error}. This usually means numpy 2 was installed over a GDAL built for numpy 1.x.</source>
      <translation>I binding numpy di GDAL (osgeo.gdal_array) non si caricano con numpy {version}: {error}. Di solito significa che numpy 2 è stato installato sopra un GDAL compilato per numpy 1.x.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="66" />
      <source>The Python package {name} is missing.</source>
      <translation>Manca il pacchetto Python {name}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="17" />
      <source>Land cover</source>
      <translation>Copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="18" />
      <source>Photogrammetry on HTCondor</source>
      <translation>Fotogrammetria su HTCondor</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="19" />
      <source>Cluster connection</source>
      <translation>Connessione al cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/provider.py" line="27" />
      <source>Geomorph {version}: UAV photogrammetry and land cover</source>
      <translation>Geomorph {version}: fotogrammetria da drone e copertura del suolo</translation>
    </message>
  </context>
</TS>
