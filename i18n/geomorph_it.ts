<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it">
  <context>
    <name>Geomorph</name>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="114" />
      <source>{n} reference points lie outside the class raster and are left out.</source>
      <translation>{n} punti di riferimento sono fuori dal raster delle classi e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="116" />
      <source>{n} reference points fall on nodata or unnamed cells of the class raster and are left out.</source>
      <translation>{n} punti di riferimento cadono su celle nodata o senza nome di classe del raster delle classi e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="128" />
      <source>None of the {n} reference polygons overlaps the class raster, which covers ({x0:.1f}, {y0:.1f}) - ({x1:.1f}, {y1:.1f}) in its CRS. Check that the polygons are of the same place and that both layers have the right CRS.</source>
      <translation>Nessuno dei {n} poligoni di riferimento si sovrappone al raster delle classi, che copre ({x0:.1f}, {y0:.1f}) - ({x1:.1f}, {y1:.1f}) nel suo SR. Controlla che i poligoni siano dello stesso luogo e che entrambi i layer abbiano il SR corretto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="133" />
      <source>{n} reference polygons lie outside the class raster and are left out.</source>
      <translation>{n} poligoni di riferimento sono fuori dal raster delle classi e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="153" />
      <source>{n} reference cells fall on nodata or unnamed cells of the class raster and are left out.</source>
      <translation>{n} celle di riferimento cadono su celle nodata o senza nome di classe del raster delle classi e vengono escluse.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="162" />
      <source>class raster</source>
      <translation>raster delle classi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="163" />
      <source>reference layer</source>
      <translation>layer di riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="165" />
      <source>The reference layer is in {src}, the class raster in {dst}: the reference is reprojected to the raster's CRS.</source>
      <translation>Il layer di riferimento è in {src}, il raster delle classi in {dst}: il riferimento viene riproiettato nel SR del raster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="169" />
      <source>{n} reference features have no class value and are left out.</source>
      <translation>{n} elementi di riferimento non hanno un valore di classe e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="172" />
      <source>The reference layer has no features with a class value in the field {field}. Fill the field, or choose the right one.</source>
      <translation>Il layer di riferimento non ha elementi con un valore di classe nel campo {field}. Compila il campo, oppure scegli quello giusto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="176" />
      <source>The reference layer must hold only points or only polygons. Split it, or convert lines to polygons first.</source>
      <translation>Il layer di riferimento deve contenere solo punti o solo poligoni. Dividilo, oppure converti prima le linee in poligoni.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="183" />
      <source>Reference classes not in the class raster (the map never gives them): {names}. Check the spelling if they should match a map class.</source>
      <translation>Classi di riferimento assenti nel raster delle classi (la mappa non le assegna mai): {names}. Controlla l'ortografia se dovrebbero corrispondere a una classe della mappa.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="191" />
      <source>The reference and the class raster share fewer than two classes ({names}): accuracy needs at least two. Add reference samples of the other classes.</source>
      <translation>Il riferimento e il raster delle classi hanno in comune meno di due classi ({names}): l'accuratezza ne richiede almeno due. Aggiungi campioni di riferimento delle altre classi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="204" />
      <source>Reference polygons are not a random sample, so area-adjusted accuracy and areas with confidence intervals are not given. Draw a stratified random sample of points (geomorph:stratifiedsample), label it, and assess with it for those.</source>
      <translation>I poligoni di riferimento non sono un campione casuale, quindi l'accuratezza corretta per area e le aree con intervalli di confidenza non vengono fornite. Per averle, estrai un campione casuale stratificato di punti (geomorph:stratifiedsample), etichettalo e valuta con quello.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="207" />
      <source>Overall accuracy {oa:.3f}, kappa {kappa:.3f} over {n} reference {unit}.</source>
      <translation>Accuratezza complessiva {oa:.3f}, kappa {kappa:.3f} su {n} {unit} di riferimento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="211" />
      <source>Area-adjusted overall accuracy {oa:.3f} ± {ci:.3f} (95%).</source>
      <translation>Accuratezza complessiva corretta per area {oa:.3f} ± {ci:.3f} (95%).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="282" />
      <source>points</source>
      <translation>punti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="282" />
      <source>cells</source>
      <translation>celle</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="285" />
      <source>Total</source>
      <translation>Totale</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="289" />
      <source>Class raster: {a}. Reference: {b} (field {f}).</source>
      <translation>Raster delle classi: {a}. Riferimento: {b} (campo {f}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="290" />
      <source>Overall accuracy</source>
      <translation>Accuratezza complessiva</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="290" />
      <source>Kappa</source>
      <translation>Kappa</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="292" />
      <source>Confusion matrix ({unit}): rows map, columns reference</source>
      <translation>Matrice di confusione ({unit}): righe mappa, colonne riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="293" />
      <source>map \ reference</source>
      <translation>mappa \ riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="294" />
      <source>Per class</source>
      <translation>Per classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="295" />
      <source>Class</source>
      <translation>Classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="295" />
      <source>user's accuracy</source>
      <translation>accuratezza dell'utente</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="295" />
      <source>producer's accuracy</source>
      <translation>accuratezza del produttore</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="295" />
      <source>F1</source>
      <translation>F1</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="295" />
      <source>IoU</source>
      <translation>IoU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="303" />
      <source>Area-adjusted estimates (Olofsson et al. 2014), 95% confidence intervals</source>
      <translation>Stime corrette per area (Olofsson et al. 2014), intervalli di confidenza al 95%</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="306" />
      <source>mapped area (ha)</source>
      <translation>area mappata (ha)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="306" />
      <source>estimated area (ha)</source>
      <translation>area stimata (ha)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="307" />
      <source>Valid when the reference points are a stratified random sample with the map classes as strata, such as geomorph:stratifiedsample draws. Estimated areas correct the mapped areas for the errors the sample shows.</source>
      <translation>Valide quando i punti di riferimento sono un campione casuale stratificato con le classi della mappa come strati, come quello estratto da geomorph:stratifiedsample. Le aree stimate correggono le aree mappate per gli errori che il campione mostra.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/assessment.py" line="310" />
      <source>Accuracy assessment</source>
      <translation>Valutazione dell'accuratezza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/classmap.py" line="60" />
      <source>The raster {label} has non-square cells ({rx:g} x {ry:g}). Resample it to square cells first (gdalwarp -tr).</source>
      <translation>Il raster {label} ha celle non quadrate ({rx:g} x {ry:g}). Ricampionalo prima a celle quadrate (gdalwarp -tr).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/classmap.py" line="72" />
      <source>The class raster {label} maps fewer than two named classes ({names}): an accuracy assessment needs at least two. Check that it is the classified raster and that its classes have names.</source>
      <translation>Il raster delle classi {label} mappa meno di due classi con nome ({names}): una valutazione dell'accuratezza ne richiede almeno due. Controlla che sia il raster classificato e che le sue classi abbiano un nome.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/estimates.py" line="134" />
      <source>Map classes {names} have mapped area but no sample point, so their area cannot be estimated. Add sample points in them (geomorph:stratifiedsample gives each class a minimum).</source>
      <translation>Le classi della mappa {names} hanno area mappata ma nessun punto campione, quindi la loro area non può essere stimata. Aggiungi punti campione in esse (geomorph:stratifiedsample assegna a ogni classe un minimo).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/estimates.py" line="46" />
      <source>The confusion matrix is empty: no reference sample falls on a classified cell. Check that the reference layer covers the class raster.</source>
      <translation>La matrice di confusione è vuota: nessun campione di riferimento cade su una cella classificata. Controlla che il layer di riferimento copra il raster delle classi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/estimates.py" line="63" />
      <source>The target standard error of overall accuracy must be between 0 and 1 (for example 0.01). Change it and run again.</source>
      <translation>L'errore standard obiettivo dell'accuratezza complessiva deve essere compreso tra 0 e 1 (per esempio 0.01). Modificalo ed esegui di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/sampling.py" line="100" />
      <source>{name} has only {cells} cells, fewer than the minimum of {m} points: every cell is taken.</source>
      <translation>{name} ha solo {cells} celle, meno del minimo di {m} punti: vengono prese tutte le celle.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/sampling.py" line="59" />
      <source>The class raster maps fewer than two classes: there is nothing to stratify. Check that it is the classified raster.</source>
      <translation>Il raster delle classi mappa meno di due classi: non c'è niente da stratificare. Controlla che sia il raster classificato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/sampling.py" line="70" />
      <source>The expected user's accuracy must be between 0 and 1 (for example 0.85). Change it and run again.</source>
      <translation>L'accuratezza dell'utente attesa deve essere compresa tra 0 e 1 (per esempio 0.85). Modificala ed esegui di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/sampling.py" line="94" />
      <source>Sample size n = (sum W_i S_i / S(O))^2 = {n} for a standard error of overall accuracy of {se:g} (Olofsson et al. 2014); with at least {m} points per class: {total} points.</source>
      <translation>Dimensione del campione n = (somma W_i S_i / S(O))^2 = {n} per un errore standard dell'accuratezza complessiva di {se:g} (Olofsson et al. 2014); con almeno {m} punti per classe: {total} punti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/accuracy/sampling.py" line="98" />
      <source>{name}: {cells} cells mapped, {n} points.</source>
      <translation>{name}: {cells} celle mappate, {n} punti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="170" />
      <source>stable-terrain polygons</source>
      <translation>poligoni di terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="175" />
      <source>A land-cover raster was given as the stable-terrain mask but no classes to keep: name the stable classes (for example Highway, Industrial), separated by commas.</source>
      <translation>È stato indicato un raster di copertura del suolo come maschera del terreno stabile ma nessuna classe da tenere: indica le classi stabili (per esempio Highway, Industrial), separate da virgole.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="178" />
      <source>stable-terrain classes</source>
      <translation>classi di terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="218" />
      <source>The stable-terrain mask has no stable cell where the two DEMs overlap: the polygons or the chosen classes lie outside the overlap, or the classes are absent. Choose polygons or classes (roads, buildings, bare rock) inside the area both DEMs cover.</source>
      <translation>La maschera del terreno stabile non ha alcuna cella stabile dove i due DEM si sovrappongono: i poligoni o le classi scelte sono fuori dalla sovrapposizione, oppure le classi non sono presenti. Scegli poligoni o classi (strade, edifici, roccia nuda) dentro l'area coperta da entrambi i DEM.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="223" />
      <source>Only {n} stable cells have elevations in both DEMs ({stable} stable cells in all): both DEMs are nodata on stable ground. Choose stable terrain where both surveys have data, or fill the gaps first.</source>
      <translation>Solo {n} celle stabili hanno quote in entrambi i DEM ({stable} celle stabili in tutto): sul terreno stabile i DEM sono nodata. Scegli un terreno stabile dove entrambi i rilievi hanno dati, oppure colma prima le lacune.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="282" />
      <source>reference DEM</source>
      <translation>DEM di riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="283" />
      <source>DEM to align</source>
      <translation>DEM da allineare</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="292" />
      <source>{n} stable cells sampled of {stable} ({w} x {h} cells of {res:g} m in the overlap).</source>
      <translation>{n} celle stabili campionate su {stable} ({w} x {h} celle da {res:g} m nella sovrapposizione).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="297" />
      <source>Before: median dh {median:.3f} m, NMAD {nmad:.3f} m on stable ground.</source>
      <translation>Prima: dh mediano {median:.3f} m, NMAD {nmad:.3f} m sul terreno stabile.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="305" />
      <source>The stable terrain is flat: a horizontal shift cannot be measured on it (Nuth &amp; Kääb needs slopes in several directions). Only the vertical bias is corrected.</source>
      <translation>Il terreno stabile è piatto: su di esso non si può misurare uno spostamento orizzontale (Nuth &amp; Kääb richiede pendenze in più direzioni). Viene corretto solo lo scarto verticale.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="315" />
      <source>Iteration {i}: shift increment {step:.3f} px ({n} inliers), total ({dx:.3f}, {dy:.3f}) m.</source>
      <translation>Iterazione {i}: incremento dello spostamento {step:.3f} px ({n} punti validi), totale ({dx:.3f}, {dy:.3f}) m.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="323" />
      <source>After the horizontal shift only {n} stable cells overlap: the DEMs overlap too little on stable ground for a shift that large. Check the inputs, or use a larger stable area.</source>
      <translation>Dopo lo spostamento orizzontale si sovrappongono solo {n} celle stabili: i DEM si sovrappongono troppo poco sul terreno stabile per uno spostamento così grande. Controlla i dati in ingresso, o usa un'area stabile più ampia.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="342" />
      <source>Shift applied: dx {dx:.3f} m, dy {dy:.3f} m, dz {dz:.3f} m ({px:.2f}, {py:.2f} px). After: median dh {median:.3f} m, NMAD {nmad:.3f} m.</source>
      <translation>Spostamento applicato: dx {dx:.3f} m, dy {dy:.3f} m, dz {dz:.3f} m ({px:.2f}, {py:.2f} px). Dopo: dh mediano {median:.3f} m, NMAD {nmad:.3f} m.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="378" />
      <source>Cannot create the output {path}: {error}</source>
      <translation>Impossibile creare l'output {path}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="418" />
      <source>dh after co-registration</source>
      <translation>dh dopo la coregistrazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="419" />
      <source>dh (m)</source>
      <translation>dh (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="420" />
      <source>dh before co-registration</source>
      <translation>dh prima della coregistrazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="422" />
      <source>before</source>
      <translation>prima</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="423" />
      <source>after</source>
      <translation>dopo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="424" />
      <source>dx (east)</source>
      <translation>dx (est)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="425" />
      <source>dy (north)</source>
      <translation>dy (nord)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="426" />
      <source>dz (up, at the centre)</source>
      <translation>dz (verso l'alto, al centro)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="428" />
      <source>Reference: {ref}. Aligned: {dem} -&gt; {out}.</source>
      <translation>Riferimento: {ref}. Allineato: {dem} -&gt; {out}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="429" />
      <source>Shift applied to the DEM</source>
      <translation>Spostamento applicato al DEM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="430" />
      <source>Component</source>
      <translation>Componente</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="430" />
      <source>metres</source>
      <translation>metri</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="430" />
      <source>pixels</source>
      <translation>pixel</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="433" />
      <source>Tilt removed: {x:.3g} m/m east, {y:.3g} m/m north.</source>
      <translation>Inclinazione rimossa: {x:.3g} m/m verso est, {y:.3g} m/m verso nord.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="435" />
      <source>dh on stable ground</source>
      <translation>dh sul terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="436" />
      <source>When</source>
      <translation>Quando</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="436" />
      <source>median (m)</source>
      <translation>mediana (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="436" />
      <source>NMAD (m)</source>
      <translation>NMAD (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="438" />
      <source>NMAD of dh after co-registration by slope</source>
      <translation>NMAD di dh dopo la coregistrazione per classe di pendenza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="439" />
      <source>median slope (°)</source>
      <translation>pendenza mediana (°)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="440" />
      <source>Nuth &amp; Kääb co-registration, {n} iterations, {s} of {c} stable cells sampled. NMAD = 1.4826 x median(|dh - median(dh)|): the standard deviation of Gaussian errors, robust to real change and blunders.</source>
      <translation>Coregistrazione Nuth &amp; Kääb, {n} iterazioni, {s} di {c} celle stabili campionate. NMAD = 1.4826 x mediana(|dh - mediana(dh)|): la deviazione standard di errori gaussiani, robusta ai cambiamenti reali e agli errori grossolani.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/coregister.py" line="442" />
      <source>DEM co-registration</source>
      <translation>Coregistrazione dei DEM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="102" />
      <source>budget classes</source>
      <translation>classi del bilancio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="109" />
      <source>The confidence must be between 0.5 and 0.999 (0.95 for 95%).</source>
      <translation>La confidenza deve essere tra 0.5 e 0.999 (0.95 per il 95%).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="113" />
      <source>new DEM</source>
      <translation>DEM nuovo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="114" />
      <source>old DEM</source>
      <translation>DEM vecchio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="121" />
      <source>Uncertainty from the co-registration by slope class: NMAD {low:.3f} m on the gentlest, {high:.3f} m on the steepest stable ground.</source>
      <translation>Incertezza dalla coregistrazione per classe di pendenza: NMAD {low:.3f} m sul terreno stabile meno ripido, {high:.3f} m su quello più ripido.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="141" />
      <source>Common grid: {w} x {h} cells of {res:g} m; t = {t:.3f} for {c:.1%} confidence{lod}.</source>
      <translation>Griglia comune: {w} x {h} celle da {res:g} m; t = {t:.3f} per una confidenza del {c:.1%}{lod}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="143" />
      <source>; LoD = {lod:.3f} m</source>
      <translation>; LoD = {lod:.3f} m</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="160" />
      <source>(outside every zone)</source>
      <translation>(fuori da ogni zona)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="164" />
      <source>The two DEMs have no cell with data in common: where they overlap, one of them is nodata. Check the nodata values and that both cover the same ground.</source>
      <translation>I due DEM non hanno alcuna cella con dati in comune: dove si sovrappongono, uno dei due è nodata. Controlla i valori nodata e che entrambi coprano la stessa area.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="180" />
      <source>minimum level of detection, LoD = t x sqrt(sigma_new² + sigma_old²)</source>
      <translation>livello minimo di rilevabilità, LoD = t x sqrt(sigma_nuovo² + sigma_vecchio²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="181" />
      <source>probabilistic: cells whose probability of real change is at least the confidence</source>
      <translation>probabilistica: celle la cui probabilità di cambiamento reale è almeno pari alla confidenza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="187" />
      <source>Erosion {ea:.1f} m², {ev:.2f} ± {es:.2f} m³; deposition {da:.1f} m², {dv:.2f} ± {ds:.2f} m³; net {nv:.2f} ± {ns:.2f} m³; no detectable change on {nc:.1f}% of {aa:.1f} m².</source>
      <translation>Erosione {ea:.1f} m², {ev:.2f} ± {es:.2f} m³; deposito {da:.1f} m², {dv:.2f} ± {ds:.2f} m³; netto {nv:.2f} ± {ns:.2f} m³; nessun cambiamento rilevabile sul {nc:.1f}% di {aa:.1f} m².</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod.py" line="98" />
      <source>budget polygons</source>
      <translation>poligoni del bilancio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="125" />
      <source>below LoD</source>
      <translation>sotto il LoD</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="126" />
      <source>erosion</source>
      <translation>erosione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="127" />
      <source>deposition</source>
      <translation>deposito</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="133" />
      <source>Zone</source>
      <translation>Zona</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="133" />
      <source>analysed (m²)</source>
      <translation>analizzata (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="133" />
      <source>no change (m²)</source>
      <translation>nessun cambiamento (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="133" />
      <source>no change (%)</source>
      <translation>nessun cambiamento (%)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="133" />
      <source>erosion (m²)</source>
      <translation>erosione (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="134" />
      <source>erosion (m³)</source>
      <translation>erosione (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="134" />
      <source>± (m³)</source>
      <translation>± (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="134" />
      <source>± correlated (m³)</source>
      <translation>± correlato (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="134" />
      <source>deposition (m²)</source>
      <translation>deposito (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="135" />
      <source>deposition (m³)</source>
      <translation>deposito (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="135" />
      <source>net (m³)</source>
      <translation>netto (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="136" />
      <source>net before thresholding (m³)</source>
      <translation>netto prima della soglia (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="138" />
      <source>New: {new}. Old: {old}.</source>
      <translation>Nuovo: {new}. Vecchio: {old}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="139" />
      <source>Thresholding: {method}; confidence {c:.1%}, t = {t:.3f}; median sigma_dz {s:.3f} m, LoD {lod:.3f} m.</source>
      <translation>Soglia: {method}; confidenza {c:.1%}, t = {t:.3f}; sigma_dz mediano {s:.3f} m, LoD {lod:.3f} m.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="140" />
      <source>Budget</source>
      <translation>Bilancio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="142" />
      <source>Elevation change distribution</source>
      <translation>Distribuzione delle variazioni di quota</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="143" />
      <source>Area by elevation change</source>
      <translation>Area per variazione di quota</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="143" />
      <source>dz (m)</source>
      <translation>dz (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="143" />
      <source>area (m²)</source>
      <translation>area (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="145" />
      <source>Volume by elevation change</source>
      <translation>Volume per variazione di quota</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="146" />
      <source>volume (m³)</source>
      <translation>volume (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="147" />
      <source>Volume uncertainty: for errors uncorrelated from cell to cell, sigma_V = A x sqrt(sum of sigma_dz_i²) over the detected cells (A = cell area); this is a lower bound when errors are spatially correlated. The fully correlated upper bound, A x sum of sigma_dz_i, is given as ± correlated. The distributions include the cells below the LoD (grey band), which are not counted in the budget.</source>
      <translation>Incertezza dei volumi: per errori non correlati da cella a cella, sigma_V = A x sqrt(somma di sigma_dz_i²) sulle celle rilevate (A = area della cella); è un limite inferiore quando gli errori sono correlati nello spazio. Il limite superiore per errori del tutto correlati, A x somma di sigma_dz_i, è indicato come ± correlato. Le distribuzioni includono le celle sotto il LoD (fascia grigia), che non entrano nel bilancio.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_output.py" line="149" />
      <source>DEM of difference</source>
      <translation>DEM delle differenze</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_stripes.py" line="151" />
      <source>Reading the DEMs stopped after {done} of {total} row stripes without an error; nothing was written. Run the algorithm again.</source>
      <translation>La lettura dei DEM si è fermata dopo {done} di {total} fasce di righe senza un errore; non è stato scritto nulla. Esegui di nuovo l'algoritmo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_stripes.py" line="51" />
      <source>The uncertainty of the {label} must be zero or positive, in metres.</source>
      <translation>L'incertezza del {label} deve essere zero o positiva, in metri.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_stripes.py" line="56" />
      <source>The uncertainty of the {label} is set to come from a raster, but no raster was given. Choose the uncertainty raster (metres).</source>
      <translation>L'incertezza del {label} deve venire da un raster, ma non è stato indicato alcun raster. Scegli il raster dell'incertezza (metri).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_stripes.py" line="59" />
      <source>uncertainty of the {label}</source>
      <translation>incertezza del {label}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/dod_stripes.py" line="64" />
      <source>The uncertainty of the {label} is set to come from the co-registration, but neither DEM carries co-registration statistics. Use the DEM written by Co-register DEMs as the new DEM, or give the uncertainty as a constant or a raster.</source>
      <translation>L'incertezza del {label} deve venire dalla coregistrazione, ma nessuno dei due DEM contiene le statistiche di coregistrazione. Usa come DEM nuovo quello scritto da Coregistra DEM, oppure indica l'incertezza come costante o come raster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="168" />
      <source>Cancelled: no output was written.</source>
      <translation>Annullato: non è stato scritto alcun output.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="197" />
      <source>{label}: band {band} flags interpolated cells; only the measured cells are used (interpolated ones are treated as no data).</source>
      <translation>{label}: la banda {band} segnala le celle interpolate; si usano solo le celle misurate (quelle interpolate sono trattate come prive di dati).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="257" />
      <source>GDAL could not read the measured-cells band of {source}: {error}. Check the file with gdalinfo; to use it without its flags, keep band 1 only (gdal_translate -b 1) and give that file instead.</source>
      <translation>GDAL non riesce a leggere la banda delle celle misurate di {source}: {error}. Controllare il file con gdalinfo; per usarlo senza le sue indicazioni, tenere solo la banda 1 (gdal_translate -b 1) e indicare quel file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="32" />
      <source>The raster {label} has no coordinate reference system, so it cannot be placed against the other survey. Assign its CRS first (Raster &gt; Projections &gt; Assign Projection).</source>
      <translation>Il raster {label} non ha un sistema di riferimento, quindi non può essere confrontato con l'altro rilievo. Assegna prima il suo SR (Raster &gt; Proiezioni &gt; Assegna proiezione).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="36" />
      <source>The raster {label} is in a geographic CRS ({name}, degrees): cell areas and horizontal shifts need metres. Reproject it to a projected CRS such as the local UTM zone first (Raster &gt; Projections &gt; Warp (Reproject), or gdalwarp -t_srs EPSG:326xx).</source>
      <translation>Il raster {label} è in un SR geografico ({name}, gradi): aree delle celle e spostamenti orizzontali richiedono metri. Riproiettalo prima in un SR proiettato come il fuso UTM locale (Raster &gt; Proiezioni &gt; Riproietta, oppure gdalwarp -t_srs EPSG:326xx).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="42" />
      <source>The raster {label} is rotated (its geotransform has rotation terms). Warp it to a north-up grid first (gdalwarp).</source>
      <translation>Il raster {label} è ruotato (la sua geotrasformazione ha termini di rotazione). Ricampionalo prima su una griglia orientata a nord (gdalwarp).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="79" />
      <source>{other} is in {crs_other}, {ref} in {crs_ref}: {other} is reprojected onto the grid of {ref} on the fly.</source>
      <translation>{other} è in {crs_other}, {ref} in {crs_ref}: {other} viene riproiettato al volo sulla griglia di {ref}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/grids.py" line="89" />
      <source>{a} and {b} do not overlap: {a} covers ({ax0:.1f}, {ay0:.1f}) - ({ax1:.1f}, {ay1:.1f}) and {b} covers ({bx0:.1f}, {by0:.1f}) - ({bx1:.1f}, {by1:.1f}) in the CRS of {a}. Check that both are of the same place and that each has the right CRS.</source>
      <translation>{a} e {b} non si sovrappongono: {a} copre ({ax0:.1f}, {ay0:.1f}) - ({ax1:.1f}, {ay1:.1f}) e {b} copre ({bx0:.1f}, {by0:.1f}) - ({bx1:.1f}, {by1:.1f}) nel SR di {a}. Controlla che riguardino lo stesso luogo e che ciascuno abbia il SR giusto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="100" />
      <source>land cover before</source>
      <translation>copertura del suolo prima</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="100" />
      <source>land cover after</source>
      <translation>copertura del suolo dopo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="111" />
      <source>{k} classes matched by name: {names}.</source>
      <translation>{k} classi abbinate per nome: {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="115" />
      <source>Classes only before: {a}; only after: {b}.</source>
      <translation>Classi solo prima: {a}; solo dopo: {b}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="121" />
      <source>{k} classes make {n} transitions, more than a 16-bit change raster can hold. Merge classes first.</source>
      <translation>{k} classi danno {n} transizioni, più di quante ne contenga un raster dei cambiamenti a 16 bit. Accorpa prima alcune classi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="176" />
      <source>{n} cells have a value without a class name in one of the rasters and are left out.</source>
      <translation>{n} celle hanno in uno dei raster un valore senza nome di classe e sono escluse.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="216" />
      <source>{name} (unchanged)</source>
      <translation>{name} (invariato)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="237" />
      <source>Total after</source>
      <translation>Totale dopo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="241" />
      <source>Before: {a}. After: {b}.</source>
      <translation>Prima: {a}. Dopo: {b}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="242" />
      <source>Transition matrix (ha): rows before, columns after</source>
      <translation>Matrice di transizione (ha): righe prima, colonne dopo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="243" />
      <source>from \ to</source>
      <translation>da \ a</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="243" />
      <source>Total before</source>
      <translation>Totale prima</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="244" />
      <source>Gains, losses and persistence per class (ha)</source>
      <translation>Guadagni, perdite e persistenza per classe (ha)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="245" />
      <source>persistence</source>
      <translation>persistenza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="245" />
      <source>loss</source>
      <translation>perdita</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="245" />
      <source>gain</source>
      <translation>guadagno</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="245" />
      <source>net</source>
      <translation>netto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="247" />
      <source>Cell size {a:g} m². Classes matched by name. Cells that are nodata or have no class name in either raster are not counted ({n} such cells with data in both).</source>
      <translation>Dimensione della cella {a:g} m². Classi abbinate per nome. Le celle nodata o senza nome di classe in uno dei raster non sono contate ({n} celle di questo tipo con dati in entrambi).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/transitions.py" line="249" />
      <source>Land-cover change</source>
      <translation>Cambiamento della copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="122" />
      <source>The class {name} is not in the class raster {label}, whose classes are: {names}. Give class names or values of that raster.</source>
      <translation>La classe {name} non è nel raster delle classi {label}, le cui classi sono: {names}. Indica nomi o valori di classe di quel raster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="131" />
      <source>stable terrain</source>
      <translation>terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="136" />
      <source>The class raster {label} holds values outside 0-65535: it does not look like a class raster. Use integer class values.</source>
      <translation>Il raster delle classi {label} contiene valori fuori da 0-65535: non sembra un raster di classi. Usa valori di classe interi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="138" />
      <source>class {value}</source>
      <translation>classe {value}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="153" />
      <source>GDAL cannot open the polygon layer {source}: {error}</source>
      <translation>GDAL non riesce ad aprire il layer di poligoni {source}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="174" />
      <source>polygon {n}</source>
      <translation>poligono {n}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="176" />
      <source>The polygon layer {label} has no polygons. Draw the zones first.</source>
      <translation>Il layer di poligoni {label} non contiene poligoni. Disegna prima le zone.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="187" />
      <source>GDAL could not rasterize the polygons {label}: {error}</source>
      <translation>GDAL non è riuscito a rasterizzare i poligoni {label}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/change/zones.py" line="69" />
      <source>The class raster {label} has no class names (no GDAL category names and no raster attribute table with a name column), so its classes cannot be matched by name. Use a class raster written by Geomorph's Classify land cover, or add the names (e.g. a .aux.xml with category names, or a RAT) first.</source>
      <translation>Il raster delle classi {label} non ha nomi di classe (né nomi di categoria GDAL né una tabella degli attributi con una colonna dei nomi), quindi le sue classi non possono essere abbinate per nome. Usa un raster delle classi scritto da Classifica la copertura del suolo di Geomorph, oppure aggiungi prima i nomi (per esempio un .aux.xml con i nomi delle categorie, o una RAT).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="168" />
      <source>Unreadable ClassAd text near: {text}</source>
      <translation>Testo ClassAd illeggibile vicino a: {text}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="309" />
      <source>HTCondor did not accept the workflow {dag} (exit code {code}): {output}</source>
      <translation>HTCondor non ha accettato il workflow {dag} (codice di uscita {code}): {output}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="328" />
      <source>HTCondor returned unreadable JSON: {error}</source>
      <translation>HTCondor ha restituito un JSON illeggibile: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="335" />
      <source>{command} failed on the cluster (exit code {code}): {output}</source>
      <translation>{command} non è riuscito sul cluster (codice di uscita {code}): {output}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="424" />
      <source>condor_rm could not remove cluster {id}: {output}</source>
      <translation>condor_rm non è riuscito a rimuovere il cluster {id}: {output}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="453" />
      <source>The workflow file {path} is missing on the cluster.</source>
      <translation>Il file del workflow {path} manca sul cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="476" />
      <source>The workflow {path} declares no NODE_STATUS_FILE, so its progress cannot be followed.</source>
      <translation>Il workflow {path} non dichiara alcun NODE_STATUS_FILE, quindi non è possibile seguirne l'avanzamento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="510" />
      <source>The workflow {dag} has no node named {node}.</source>
      <translation>Il workflow {dag} non ha alcun nodo chiamato {node}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="86" />
      <source>no slot meets {conditions}</source>
      <translation>nessuno slot soddisfa {conditions}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/condor.py" line="88" />
      <source>{able} of {machines} slots can run it</source>
      <translation>{able} slot su {machines} possono eseguirlo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="149" />
      <source>The host key of {host}:{port} has the fingerprint {actual}, not the expected {expected}. The key was NOT trusted. Check the fingerprint with the cluster's administrators: a different key can mean that someone is intercepting the connection.</source>
      <translation>La chiave host di {host}:{port} ha l'impronta {actual}, non quella attesa {expected}. La chiave NON è stata considerata attendibile. Verifica l'impronta con gli amministratori del cluster: una chiave diversa può significare che qualcuno sta intercettando la connessione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="157" />
      <source>{host}:{port} now presents the key {actual}, but {path} holds a different key ({old}). If the administrators confirm that the server was reinstalled, run this again with the new fingerprint as the expected fingerprint to replace it.</source>
      <translation>{host}:{port} ora presenta la chiave {actual}, ma {path} contiene una chiave diversa ({old}). Se gli amministratori confermano che il server è stato reinstallato, esegui di nuovo questa operazione indicando la nuova impronta come impronta attesa per sostituirla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="166" />
      <source>{host}:{port} presents the {type} host key {actual}. It was NOT trusted, because nothing says that this is the cluster's key. Compare it with the fingerprint that the cluster's administrators publish; if it matches, run this again with it as the expected fingerprint (or choose "Trust the key shown").</source>
      <translation>{host}:{port} presenta la chiave host {type} {actual}. NON è stata considerata attendibile, perché nulla dice che sia la chiave del cluster. Confrontala con l'impronta pubblicata dagli amministratori del cluster; se corrisponde, esegui di nuovo indicandola come impronta attesa (oppure scegli "Considera attendibile la chiave mostrata").</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="70" />
      <source>Cannot reach {host} on port {port}: {error}. Check the host name, the port and your network (VPN).</source>
      <translation>Impossibile raggiungere {host} sulla porta {port}: {error}. Controlla il nome host, la porta e la tua rete (VPN).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="79" />
      <source>{host}:{port} did not complete an SSH handshake: {error}. Is it an SSH server?</source>
      <translation>{host}:{port} non ha completato un handshake SSH: {error}. È un server SSH?</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/hostkeys.py" line="95" />
      <source>The known_hosts file {path} cannot be read: {error}. Fix or remove the bad line.</source>
      <translation>Impossibile leggere il file known_hosts {path}: {error}. Correggi o rimuovi la riga errata.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="154" />
      <source>none</source>
      <translation>nessuno</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="156" />
      <source>There is no cluster profile named "{name}" (known profiles: {known}). Create it in Plugins &gt; Geomorph &gt; Cluster profiles.</source>
      <translation>Non esiste alcun profilo cluster chiamato "{name}" (profili noti: {known}). Crealo in Plugin &gt; Geomorph &gt; Profili cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="220" />
      <source>The QGIS authentication configuration "{id}" could not be read. Check that it exists in Settings &gt; Options &gt; Authentication and that the master password is set.</source>
      <translation>Impossibile leggere la configurazione di autenticazione QGIS "{id}". Verifica che esista in Impostazioni &gt; Opzioni &gt; Autenticazione e che la password principale sia impostata.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="239" />
      <source>The QGIS authentication configuration "{id}" holds no password. Use a Basic (user name and password) configuration.</source>
      <translation>La configurazione di autenticazione QGIS "{id}" non contiene alcuna password. Usa una configurazione Basic (nome utente e password).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="255" />
      <source>The password was not saved: QGIS's authentication database is locked. Set its master password first (Settings &gt; Options &gt; Authentication in QGIS; in a script, QgsApplication.authManager().setMasterPassword(...)).</source>
      <translation>La password non è stata salvata: il database di autenticazione di QGIS è bloccato. Imposta prima la sua password principale (Impostazioni &gt; Opzioni &gt; Autenticazione in QGIS; in uno script, QgsApplication.authManager().setMasterPassword(...)).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="267" />
      <source>Geomorph cluster {name}</source>
      <translation>Cluster Geomorph {name}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="274" />
      <source>QGIS's authentication database did not accept the password. Check Settings &gt; Options &gt; Authentication.</source>
      <translation>Il database di autenticazione di QGIS non ha accettato la password. Controlla Impostazioni &gt; Opzioni &gt; Autenticazione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="65" />
      <source>The profile name "{name}" is not valid: use letters, digits, spaces, '.', '_' or '-' (at most 64 characters, starting with a letter or digit).</source>
      <translation>Il nome di profilo "{name}" non è valido: usa lettere, cifre, spazi, '.', '_' o '-' (al massimo 64 caratteri, iniziando con una lettera o una cifra).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="69" />
      <source>The profile "{name}" has no host: enter the cluster's login host name.</source>
      <translation>Il profilo "{name}" non ha un host: inserisci il nome host di login del cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="72" />
      <source>The profile "{name}" has no user: enter your login name on the cluster.</source>
      <translation>Il profilo "{name}" non ha un utente: inserisci il tuo nome di login sul cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="75" />
      <source>The profile "{name}" has port {port}: use a port between 1 and 65535 (SSH is usually 22).</source>
      <translation>Il profilo "{name}" ha la porta {port}: usa una porta tra 1 e 65535 (per SSH di solito è 22).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="78" />
      <source>The profile "{name}" has the unknown authentication method "{method}": use one of {methods}.</source>
      <translation>Il profilo "{name}" ha il metodo di autenticazione sconosciuto "{method}": usa uno tra {methods}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="82" />
      <source>The profile "{name}" uses a QGIS authentication configuration but none is selected: choose one in Plugins &gt; Geomorph &gt; Cluster profiles.</source>
      <translation>Il profilo "{name}" usa una configurazione di autenticazione QGIS, ma non ne è selezionata nessuna: scegline una in Plugin &gt; Geomorph &gt; Profili cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="86" />
      <source>The profile "{name}" uses a key file but no file is set: choose your private key in Plugins &gt; Geomorph &gt; Cluster profiles.</source>
      <translation>Il profilo "{name}" usa un file di chiave, ma non è impostato alcun file: scegli la tua chiave privata in Plugin &gt; Geomorph &gt; Profili cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/profiles.py" line="89" />
      <source>The profile "{name}" has a negative maximum of parallel jobs: use 0 for no limit.</source>
      <translation>Il profilo "{name}" ha un numero massimo di job paralleli negativo: usa 0 per nessun limite.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/registry.py" line="139" />
      <source>The job registry {path} stayed locked for {s} s by another QGIS or task. Try again; if it persists, close the other QGIS.</source>
      <translation>Il registro dei job {path} è rimasto bloccato per {s} s da un altro QGIS o da un'altra attività. Riprova; se persiste, chiudi l'altro QGIS.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/registry.py" line="196" />
      <source>"{id}" is not a valid job id.</source>
      <translation>"{id}" non è un id di job valido.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/registry.py" line="204" />
      <source>A job with the id {id} already exists.</source>
      <translation>Esiste già un job con id {id}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/registry.py" line="252" />
      <source>There is no job with the id {id} in {root}.</source>
      <translation>Non esiste alcun job con id {id} in {root}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/registry.py" line="255" />
      <source>The job file {path} is damaged: {error}</source>
      <translation>Il file del job {path} è danneggiato: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="110" />
      <source>The private key file {path} of profile "{profile}" does not exist: choose the right file in the profile.</source>
      <translation>Il file di chiave privata {path} del profilo "{profile}" non esiste: scegli il file corretto nel profilo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="114" />
      <source>The private key {path} is protected by a passphrase: store the passphrase as the password of a QGIS authentication configuration and select it in the profile "{profile}".</source>
      <translation>La chiave privata {path} è protetta da una passphrase: memorizza la passphrase come password di una configurazione di autenticazione QGIS e selezionala nel profilo "{profile}".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="119" />
      <source>The private key {path} cannot be opened ({error}). If it has a passphrase, check the one stored in the profile's QGIS authentication configuration; the key must be in OpenSSH or PEM format.</source>
      <translation>Impossibile aprire la chiave privata {path} ({error}). Se ha una passphrase, controlla quella memorizzata nella configurazione di autenticazione QGIS del profilo; la chiave deve essere in formato OpenSSH o PEM.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="164" />
      <source>WARNING: THE HOST KEY OF {host}:{port} HAS CHANGED. The connection was refused: someone may be intercepting it (man-in-the-middle attack). The server presented {new}, but {path} expects {old}. If the cluster's administrators confirm that the server was reinstalled and its new fingerprint is {new}, run "Trust cluster host key" (geomorph:trusthostkey) for the profile "{profile}" with that fingerprint as the expected fingerprint (or remove the old line from {path}).</source>
      <translation>ATTENZIONE: LA CHIAVE HOST DI {host}:{port} È CAMBIATA. La connessione è stata rifiutata: qualcuno potrebbe intercettarla (attacco man-in-the-middle). Il server ha presentato {new}, ma {path} si aspetta {old}. Se gli amministratori del cluster confermano che il server è stato reinstallato e che la sua nuova impronta è {new}, esegui "Considera attendibile la chiave host del cluster" (geomorph:trusthostkey) per il profilo "{profile}" con quell'impronta come impronta attesa (oppure rimuovi la vecchia riga da {path}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="175" />
      <source>check the user name and the password stored in the QGIS authentication configuration "{id}"</source>
      <translation>controlla il nome utente e la password memorizzati nella configurazione di autenticazione QGIS "{id}"</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="177" />
      <source>check that the public key of {path} is in ~/.ssh/authorized_keys on the cluster and that the user name is right</source>
      <translation>controlla che la chiave pubblica di {path} sia in ~/.ssh/authorized_keys sul cluster e che il nome utente sia corretto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="179" />
      <source>check that ssh-agent (or Pageant) is running and holds a key that the cluster accepts, and that the user name is right</source>
      <translation>controlla che ssh-agent (o Pageant) sia in esecuzione e contenga una chiave accettata dal cluster, e che il nome utente sia corretto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="183" />
      <source>The cluster refused the login of {where} ({error}): {hint}.</source>
      <translation>Il cluster ha rifiutato l'accesso di {where} ({error}): {hint}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="190" />
      <source>Connecting to {where} timed out after {seconds} s: check the host, the port and your network (VPN).</source>
      <translation>La connessione a {where} è scaduta dopo {seconds} s: controlla l'host, la porta e la tua rete (VPN).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="195" />
      <source>Cannot connect to {where}: {error}. Check the host name, the port and your network (VPN).</source>
      <translation>Impossibile connettersi a {where}: {error}. Controlla il nome host, la porta e la tua rete (VPN).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="236" />
      <source>The connection to {where} was lost. Run the step again: finished work is kept.</source>
      <translation>La connessione a {where} si è interrotta. Esegui di nuovo il passaggio: il lavoro già completato viene conservato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="253" />
      <source>The cluster {where} refused to open an SFTP channel ({error}): check that the SFTP subsystem is enabled on it.</source>
      <translation>Il cluster {where} ha rifiutato di aprire un canale SFTP ({error}): verifica che il sottosistema SFTP sia abilitato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="322" />
      <source>The command {command} did not finish on {where} within {seconds} s.</source>
      <translation>Il comando {command} non è terminato su {where} entro {seconds} s.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="337" />
      <source>The connection to {where} was lost while running {command} ({error}). Run the step again.</source>
      <translation>La connessione a {where} si è interrotta durante l'esecuzione di {command} ({error}). Esegui di nuovo il passaggio.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="342" />
      <source>The command {command} failed on {where} with exit code {code}: {stderr}</source>
      <translation>Il comando {command} non è riuscito su {where} con codice di uscita {code}: {stderr}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/ssh.py" line="81" />
      <source>The host key of {host}:{port} is not known, so the connection was refused. Its fingerprint is {fingerprint} ({type}). Compare it with the fingerprint published by the cluster's administrators; if it matches, run the Processing algorithm "Trust cluster host key" (geomorph:trusthostkey) for the profile "{profile}", or press "Trust host key" in Plugins &gt; Geomorph &gt; Cluster profiles. The key will be stored in {path}.</source>
      <translation>La chiave host di {host}:{port} non è nota, quindi la connessione è stata rifiutata. La sua impronta è {fingerprint} ({type}). Confrontala con l'impronta pubblicata dagli amministratori del cluster; se corrisponde, esegui l'algoritmo di Processing "Considera attendibile la chiave host del cluster" (geomorph:trusthostkey) per il profilo "{profile}", oppure premi "Considera attendibile la chiave host" in Plugin &gt; Geomorph &gt; Profili cluster. La chiave verrà memorizzata in {path}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="127" />
      <source>The connection to {where} was lost during the transfer ({error}). Run it again: the files that were complete are kept and will not be sent again.</source>
      <translation>La connessione a {where} si è interrotta durante il trasferimento ({error}). Eseguilo di nuovo: i file già completi vengono conservati e non verranno inviati di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="300" />
      <source>The transfer was cancelled. Run it again to resume: complete files are kept.</source>
      <translation>Il trasferimento è stato annullato. Eseguilo di nuovo per riprenderlo: i file completi vengono conservati.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="336" />
      <source>Two files are both named {name} ({a} and {b}): rename one of them before the upload.</source>
      <translation>Due file si chiamano entrambi {name} ({a} e {b}): rinominane uno prima del caricamento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="341" />
      <source>The file {path} does not exist or is not a file.</source>
      <translation>Il file {path} non esiste o non è un file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="343" />
      <source>The remote name {name} must be a relative path inside the job folder.</source>
      <translation>Il nome remoto {name} deve essere un percorso relativo all'interno della cartella del job.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="409" />
      <source>The cluster listed a file named "{name}", which would be written outside {folder}: nothing was downloaded. A file name from the cluster must be relative and must not contain ".."; check the job folder on the cluster for files that you did not create.</source>
      <translation>Il cluster ha elencato un file chiamato "{name}", che verrebbe scritto fuori da {folder}: non è stato scaricato nulla. Un nome di file dal cluster deve essere relativo e non deve contenere ".."; controlla nella cartella del job sul cluster se ci sono file che non hai creato tu.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="432" />
      <source>The file {path} does not exist on the cluster: the step that makes it has not finished or has failed.</source>
      <translation>Il file {path} non esiste sul cluster: il passaggio che lo produce non è terminato o non è riuscito.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/cluster/transfer.py" line="461" />
      <source>{path} changed on the cluster while it was downloaded: run the download again.</source>
      <translation>{path} è cambiato sul cluster durante lo scaricamento: esegui di nuovo lo scaricamento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="101" />
      <source>Install it into the Python that QGIS uses ({python}) with your distribution's package: sudo apt install {package}
or for your user only, in a terminal:</source>
      <translation>Installalo nel Python usato da QGIS ({python}) con il pacchetto della tua distribuzione: sudo apt install {package}
oppure solo per il tuo utente, in un terminale:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="104" />
      <source>Then restart QGIS.</source>
      <translation>Poi riavvia QGIS.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="112" />
      <source>The Python package numpy is missing.</source>
      <translation>Manca il pacchetto Python numpy.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="116" />
      <source>GDAL's numpy bindings (osgeo.gdal_array) do not load with numpy {version}: {error}. This usually means numpy 2 was installed over a GDAL built for numpy 1.x.</source>
      <translation>I binding numpy di GDAL (osgeo.gdal_array) non si caricano con numpy {version}: {error}. Di solito significa che numpy 2 è stato installato sopra un GDAL compilato per numpy 1.x.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="133" />
      <source>The Python package {name} is missing.</source>
      <translation>Manca il pacchetto Python {name}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="93" />
      <source>Install it into the Python that QGIS uses ({python}): open the OSGeo4W Shell from the Start menu and run:</source>
      <translation>Installalo nel Python usato da QGIS ({python}): apri la OSGeo4W Shell dal menu Start ed esegui:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="96" />
      <source>Install it into the Python that QGIS uses ({python}): in Terminal run:</source>
      <translation>Installalo nel Python usato da QGIS ({python}): nel Terminale esegui:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/dependencies.py" line="98" />
      <source>Install it into the Python that QGIS uses ({python}): in a terminal run:</source>
      <translation>Installalo nel Python usato da QGIS ({python}): in un terminale esegui:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="107" />
      <source>Classify land cover…</source>
      <translation>Classifica la copertura del suolo…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="108" />
      <source>Run an ONNX land-cover model over this layer's visible extent</source>
      <translation>Esegui un modello ONNX di copertura del suolo sull'estensione visibile di questo layer</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="110" />
      <source>Geomorph</source>
      <translation>Geomorph</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="151" />
      <source>Extent: the part of the layer visible on the map. Clear the field to classify the whole layer.</source>
      <translation>Estensione: la parte del layer visibile sulla mappa. Svuota il campo per classificare l'intero layer.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="89" />
      <source>This layer has {size} cm pixels: the bundled EuroSAT model (used when "ONNX model" is empty) is made for 10 m satellite imagery and refuses extents under 640 m.</source>
      <translation>Questo layer ha pixel di {size} cm: il modello EuroSAT incluso (usato quando "Modello ONNX" è vuoto) è fatto per immagini satellitari a 10 m e rifiuta estensioni sotto i 640 m.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="92" />
      <source>Type an installed model's name in "ONNX model": {names}.</source>
      <translation>Scrivi in "Modello ONNX" il nome di un modello installato: {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/classify_action.py" line="94" />
      <source>Train one on this orthomosaic with "Train a land-cover model on the cluster" (its help says how to draw the training polygons), or choose an .onnx file.</source>
      <translation>Addestrane uno su questo ortomosaico con "Addestra un modello di copertura del suolo sul cluster" (il suo aiuto spiega come disegnare i poligoni di addestramento), o scegli un file .onnx.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="106" />
      <source>Running for {elapsed}; last output {quiet} ago.</source>
      <translation>In esecuzione da {elapsed}; ultimo output {quiet} fa.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="109" />
      <source>Log on the cluster: {path}</source>
      <translation>Log sul cluster: {path}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="153" />
      <source>Job</source>
      <translation>Job</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="153" />
      <source>State</source>
      <translation>Stato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="153" />
      <source>Progress</source>
      <translation>Avanzamento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="153" />
      <source>Engine</source>
      <translation>Motore</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="153" />
      <source>Profile</source>
      <translation>Profilo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="159" />
      <source>Refresh</source>
      <translation>Aggiorna</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="160" />
      <source>Load</source>
      <translation>Carica</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="161" />
      <source>Resume</source>
      <translation>Riprendi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="162" />
      <source>Cancel</source>
      <translation>Annulla</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="163" />
      <source>Remove</source>
      <translation>Rimuovi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="164" />
      <source>Ask the cluster now where the running jobs are (also done every minute)</source>
      <translation>Chiedi ora al cluster a che punto sono i job in corso (avviene anche ogni minuto)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="165" />
      <source>Remove a finished, failed or cancelled job from this list; its results and its folder on the cluster are kept</source>
      <translation>Rimuovi da questo elenco un job finito, fallito o annullato; i suoi risultati e la sua cartella sul cluster restano</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="167" />
      <source>Download the results and load them as layers</source>
      <translation>Scarica i risultati e caricali come layer</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="168" />
      <source>Resubmit the job: only the unfinished nodes run</source>
      <translation>Reinvia il job: vengono eseguiti solo i nodi non terminati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="169" />
      <source>Remove the job from the cluster queue; your photos are not touched</source>
      <translation>Rimuovi il job dalla coda del cluster; le tue foto non vengono toccate</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="220" />
      <source>cannot start</source>
      <translation>non può partire</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="289" />
      <source>Photos: {path}</source>
      <translation>Foto: {path}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="290" />
      <source>Results: {path}</source>
      <translation>Risultati: {path}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="294" />
      <source>Engine: {reason}</source>
      <translation>Motore: {reason}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="301" />
      <source>--- {node}: end of its error output ---</source>
      <translation>--- {node}: fine del suo output di errore ---</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="305" />
      <source>--- {node}: end of its log ---</source>
      <translation>--- {node}: fine del suo log ---</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="337" />
      <source>Geomorph: polling SfM jobs</source>
      <translation>Geomorph: interrogazione dei job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="343" />
      <source>Geomorph: resuming SfM job</source>
      <translation>Geomorph: ripresa del job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="349" />
      <source>Cancel SfM job</source>
      <translation>Annulla job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="349" />
      <source>Cancel the job {id}? Its node jobs are removed from the cluster queue; your photos and what the nodes finished are kept, and Resume continues it later.</source>
      <translation>Annullare il job {id}? I suoi job dei nodi vengono rimossi dalla coda del cluster; le tue foto e ciò che i nodi hanno finito restano, e Riprendi lo continua in seguito.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="353" />
      <source>Geomorph: cancelling SfM job</source>
      <translation>Geomorph: annullamento del job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="363" />
      <source>Remove SfM job</source>
      <translation>Rimuovi job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="363" />
      <source>Remove the job {id} ({state}) from this list? Its results in {path} and its folder on the cluster are not deleted, but it can no longer be fetched or resumed from QGIS.</source>
      <translation>Rimuovere il job {id} ({state}) da questo elenco? I suoi risultati in {path} e la sua cartella sul cluster non vengono cancellati, ma non potrà più essere scaricato o ripreso da QGIS.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="406" />
      <source>Geomorph SfM jobs</source>
      <translation>Job SfM di Geomorph</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="414" />
      <source>SfM jobs panel</source>
      <translation>Pannello dei job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="415" />
      <source>&amp;Geomorph</source>
      <translation>&amp;Geomorph</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="54" />
      <source>{n} running</source>
      <translation>{n} in esecuzione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="54" />
      <source>{n} stalled</source>
      <translation>{n} fermi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="55" />
      <source>{n} waiting for a slot</source>
      <translation>{n} in attesa di uno slot</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="55" />
      <source>{n} held</source>
      <translation>{n} sospesi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="56" />
      <source>{n} failed</source>
      <translation>{n} non riusciti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="67" />
      <source>cannot start: no slot can run it</source>
      <translation>non può partire: nessuno slot può eseguirlo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="69" />
      <source>waiting for a slot for {duration}</source>
      <translation>in attesa di uno slot da {duration}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="86" />
      <source>HTCondor has not tried to match it yet.</source>
      <translation>HTCondor non ha ancora provato ad assegnarlo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/jobs_panel.py" line="99" />
      <source>running, {n} stalled</source>
      <translation>in esecuzione, {n} fermi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="139" />
      <source>Geomorph cluster profiles</source>
      <translation>Profili cluster di Geomorph</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="141" />
      <source>Your cluster profiles. Pick one to edit it; New starts an empty one.</source>
      <translation>I tuoi profili del cluster. Scegline uno per modificarlo; Nuovo ne inizia uno vuoto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="144" />
      <source>e.g. uni-hpc</source>
      <translation>es. uni-hpc</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="145" />
      <source>The name you pick in the SfM algorithms (letters, digits, spaces, '.', '_', '-').</source>
      <translation>Il nome che scegli negli algoritmi SfM (lettere, cifre, spazi, '.', '_', '-').</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="147" />
      <source>e.g. login.hpc.example.org</source>
      <translation>es. login.hpc.example.org</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="148" />
      <source>The login node where HTCondor's condor_submit runs.</source>
      <translation>Il nodo di login dove gira condor_submit di HTCondor.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="152" />
      <source>The SSH port of the login node (usually 22).</source>
      <translation>La porta SSH del nodo di login (di solito 22).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="154" />
      <source>your login name on the cluster</source>
      <translation>il tuo nome utente sul cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="155" />
      <source>Your user name on the login node.</source>
      <translation>Il tuo nome utente sul nodo di login.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="157" />
      <source>SSH agent / Pageant</source>
      <translation>Agente SSH / Pageant</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="159" />
      <source>Password (QGIS authentication)</source>
      <translation>Password (autenticazione QGIS)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="161" />
      <source>How you log in: a key loaded in ssh-agent (Pageant on Windows), a private key file (with its passphrase if it has one), or a password.</source>
      <translation>Come accedi: una chiave caricata in ssh-agent (Pageant su Windows), un file di chiave privata (con la sua passphrase, se ne ha una) o una password.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="164" />
      <source>Your private key, e.g. ~/.ssh/id_ed25519 (OpenSSH or PuTTY format).</source>
      <translation>La tua chiave privata, es. ~/.ssh/id_ed25519 (formato OpenSSH o PuTTY).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="165" />
      <source>e.g. ~/.ssh/id_ed25519</source>
      <translation>es. ~/.ssh/id_ed25519</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="167" />
      <source>kept in QGIS's authentication database</source>
      <translation>conservata nel database di autenticazione di QGIS</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="168" />
      <source>Your password, or your key's passphrase. Save puts it in QGIS's encrypted authentication database; it is never written to settings, projects or logs.</source>
      <translation>La tua password, o la passphrase della chiave. Salva la mette nel database di autenticazione cifrato di QGIS; non viene mai scritta in impostazioni, progetti o log.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="171" />
      <source>Or pick a configuration already in QGIS's authentication database (Basic: user name and password).</source>
      <translation>Oppure scegli una configurazione già presente nel database di autenticazione di QGIS (Basic: nome utente e password).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="175" />
      <source>The folder on the cluster for job folders; a relative path is in your home folder. Empty: geomorph-jobs.</source>
      <translation>La cartella sul cluster per le cartelle dei job; un percorso relativo è nella tua home. Vuoto: geomorph-jobs.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="178" />
      <source>e.g. module load colmap</source>
      <translation>es. module load colmap</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="179" />
      <source>Shell commands each node job runs first, to make the engine (MicMac's mm3d or COLMAP), GDAL and Python available, e.g. module load micmac.</source>
      <translation>Comandi shell che ogni job dei nodi esegue per primi, per rendere disponibili il motore (mm3d di MicMac o COLMAP), GDAL e Python, ad es. module load micmac.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="182" />
      <source>e.g. /shared/images/colmap.sif</source>
      <translation>es. /shared/images/colmap.sif</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="183" />
      <source>An Apptainer/Singularity image that has the engine (MicMac's mm3d or COLMAP), GDAL and Python, for every node job. Empty: the nodes' own software.</source>
      <translation>Un'immagine Apptainer/Singularity che contiene il motore (mm3d di MicMac o COLMAP), GDAL e Python, per ogni job dei nodi. Vuoto: il software dei nodi stessi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="187" />
      <source>e.g. (OpSysMajorVer == 12)</source>
      <translation>es. (OpSysMajorVer == 12)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="188" />
      <source>An HTCondor requirements expression added to every node job.</source>
      <translation>Un'espressione requirements di HTCondor aggiunta a ogni job dei nodi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="190" />
      <source>e.g. group_geo.rossi</source>
      <translation>es. group_geo.rossi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="191" />
      <source>HTCondor's accounting_group, when your cluster asks for one.</source>
      <translation>L'accounting_group di HTCondor, quando il tuo cluster ne richiede uno.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="194" />
      <source>no limit</source>
      <translation>nessun limite</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="195" />
      <source>At most this many node jobs of a step in the queue at once (DAGMan's MAXJOBS).</source>
      <translation>Al massimo questo numero di job dei nodi di una fase in coda contemporaneamente (MAXJOBS di DAGMan).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="197" />
      <source>The cluster has GPU nodes (CUDA)</source>
      <translation>Il cluster ha nodi GPU (CUDA)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="198" />
      <source>With GPU nodes, the engine Auto runs COLMAP's dense matching on them; without, Auto runs MicMac on the CPU nodes. Both give a dense DSM.</source>
      <translation>Con nodi GPU, il motore Auto esegue su di essi le corrispondenze dense di COLMAP; senza, Auto esegue MicMac sui nodi CPU. Entrambi danno un DSM denso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="200" />
      <source>{n} (default)</source>
      <translation>{n} (predefinito)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="201" />
      <source>The most CPU cores one node job asks for. Lower it to what one slot of your cluster offers: a job asking for more never starts.</source>
      <translation>Il massimo di core CPU che un job dei nodi richiede. Abbassalo a quanto offre uno slot del tuo cluster: un job che ne chiede di più non parte mai.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="203" />
      <source>{n} MB (default)</source>
      <translation>{n} MB (predefinito)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="204" />
      <source>The most memory (MB) one node job asks for; lower it to what a slot offers.</source>
      <translation>Il massimo di memoria (MB) che un job dei nodi richiede; abbassalo a quanto offre uno slot.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="207" />
      <source>How often a failed node job is retried before the job fails.</source>
      <translation>Quante volte un job dei nodi fallito viene ritentato prima che il job fallisca.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="211" />
      <source>Private key file</source>
      <translation>File di chiave privata</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="212" />
      <source>Password or key passphrase</source>
      <translation>Password o passphrase della chiave</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="213" />
      <source>Name</source>
      <translation>Nome</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="213" />
      <source>Host</source>
      <translation>Host</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="213" />
      <source>Port</source>
      <translation>Porta</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="214" />
      <source>User</source>
      <translation>Utente</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="214" />
      <source>Authentication</source>
      <translation>Autenticazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="217" />
      <source>Remote work folder</source>
      <translation>Cartella di lavoro remota</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="218" />
      <source>Node setup command</source>
      <translation>Comando di preparazione del nodo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="219" />
      <source>Container image (Apptainer/Singularity)</source>
      <translation>Immagine container (Apptainer/Singularity)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="220" />
      <source>Extra requirements</source>
      <translation>Requisiti aggiuntivi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="221" />
      <source>Accounting group</source>
      <translation>Gruppo di accounting</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="222" />
      <source>Maximum parallel jobs</source>
      <translation>Numero massimo di job paralleli</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="224" />
      <source>Limits per node job</source>
      <translation>Limiti per job dei nodi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="225" />
      <source>Caps on what each step's node jobs request, for clusters with small slots.</source>
      <translation>Limiti a quanto richiedono i job dei nodi di ogni fase, per cluster con slot piccoli.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="227" />
      <source>CPU cores</source>
      <translation>Core CPU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="228" />
      <source>Memory</source>
      <translation>Memoria</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="229" />
      <source>Retries</source>
      <translation>Tentativi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="234" />
      <source>New</source>
      <translation>Nuovo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="234" />
      <source>Start a new profile</source>
      <translation>Inizia un nuovo profilo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="235" />
      <source>Save</source>
      <translation>Salva</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="235" />
      <source>Save this profile (a typed password goes to QGIS's authentication database)</source>
      <translation>Salva questo profilo (una password scritta va nel database di autenticazione di QGIS)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="237" />
      <source>Remove the selected profile</source>
      <translation>Rimuovi il profilo selezionato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="238" />
      <source>Test connection</source>
      <translation>Verifica connessione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="238" />
      <source>Log in and check that HTCondor answers</source>
      <translation>Accedi e verifica che HTCondor risponda</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="239" />
      <source>Trust host key</source>
      <translation>Considera attendibile la chiave host</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="239" />
      <source>Show the cluster's host key fingerprint and trust it after you compared it</source>
      <translation>Mostra l'impronta della chiave host del cluster e fidati di essa dopo averla confrontata</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="293" />
      <source>Key passphrase (if any)</source>
      <translation>Passphrase della chiave (se c'è)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="293" />
      <source>Password</source>
      <translation>Password</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="390" />
      <source>Saved the profile "{name}".</source>
      <translation>Profilo "{name}" salvato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="395" />
      <source>Remove cluster profile</source>
      <translation>Rimuovi profilo del cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="395" />
      <source>Remove the profile "{name}"? Jobs submitted with it cannot be followed until a profile with this name exists again. Its password stays in QGIS's authentication database.</source>
      <translation>Rimuovere il profilo "{name}"? I job inviati con esso non potranno essere seguiti finché non esisterà di nuovo un profilo con questo nome. La sua password resta nel database di autenticazione di QGIS.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="426" />
      <source>Testing the connection to {host}…</source>
      <translation>Prova della connessione a {host}…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="461" />
      <source>{host}:{port} presents the {type} key
{fingerprint}
Trust it only if this is the fingerprint that the cluster's administrators published. Trust it?</source>
      <translation>{host}:{port} presenta la chiave {type}
{fingerprint}
Considerala attendibile solo se è l'impronta pubblicata dagli amministratori del cluster. Considerarla attendibile?</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="465" />
      <source>Warning: the key stored for this host before was {old}. A changed key can mean that someone intercepts the connection: replace it only if the administrators confirm that the server was reinstalled.</source>
      <translation>Attenzione: la chiave salvata prima per questo host era {old}. Una chiave cambiata può significare che qualcuno intercetta la connessione: sostituiscila solo se gli amministratori confermano che il server è stato reinstallato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="468" />
      <source>Trust cluster host key</source>
      <translation>Considera attendibile la chiave host del cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="469" />
      <source>The host key was not trusted.</source>
      <translation>La chiave host non è stata accettata come affidabile.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="474" />
      <source>Trusted the host key {fingerprint}.</source>
      <translation>Chiave host {fingerprint} accettata come affidabile.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="477" />
      <source>Asking {host} for its host key…</source>
      <translation>Richiesta della chiave host a {host}…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="481" />
      <source>Geomorph: cluster host key</source>
      <translation>Geomorph: chiave host del cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="512" />
      <source>Cluster profiles…</source>
      <translation>Profili cluster…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="62" />
      <source>Geomorph: testing the connection to {host}</source>
      <translation>Geomorph: prova della connessione a {host}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="83" />
      <source>The connection failed: {error}</source>
      <translation>La connessione non è riuscita: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="86" />
      <source>Connected as {user}.</source>
      <translation>Connesso come {user}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="88" />
      <source>HTCondor tools were not found on the login node (condor_version failed).</source>
      <translation>Gli strumenti HTCondor non sono stati trovati sul nodo di login (condor_version non è riuscito).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/gui/settings_dialog.py" line="93" />
      <source>The connection test was cancelled.</source>
      <translation>La prova di connessione è stata annullata.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/activation.py" line="27" />
      <source>output_activation is not in the model: its output looks like probabilities</source>
      <translation>output_activation non è nel modello: il suo output sembra fatto di probabilità</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/activation.py" line="29" />
      <source>output_activation is not in the model: its output looks like logits</source>
      <translation>output_activation non è nel modello: il suo output sembra fatto di logit</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="22" />
      <source>The model takes {c} bands ({names}) but {n} bands were chosen. Choose exactly {c} bands in BANDS, in the model's order.</source>
      <translation>Il modello accetta {c} bande ({names}), ma ne sono state scelte {n}. Scegli esattamente {c} bande in BANDS, nell'ordine del modello.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="26" />
      <source>The model needs {c} input bands ({names}) but the raster has {n}. Use a raster with those bands (e.g. build a virtual raster that stacks them) or a model made for this imagery.</source>
      <translation>Il modello richiede {c} bande di input ({names}), ma il raster ne ha {n}. Usa un raster con quelle bande (ad es. costruisci un raster virtuale che le impili) o un modello pensato per queste immagini.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="33" />
      <source>The model takes 8-bit input (uint8 tensor) but the raster is {type}. Convert the raster to Byte first (gdal_translate -ot Byte -scale), or export the model with a float32 input and value_scale.</source>
      <translation>Il modello accetta input a 8 bit (tensore uint8), ma il raster è {type}. Converti prima il raster in Byte (gdal_translate -ot Byte -scale), oppure esporta il modello con un input float32 e value_scale.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="44" />
      <source>wide</source>
      <translation>larghezza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="44" />
      <source>high</source>
      <translation>altezza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="45" />
      <source>The model looks at {seen:g} m {what} ({px} px at {res:g} m per pixel); this extent is {size:.0f} m {side} ({w:.0f} x {h:.0f} m), smaller than one {one}, so the result would be nodata or guesswork. Classify a larger extent, or use a model made for this ground resolution: for drone orthomosaics, train one from polygons drawn on the orthomosaic (see "Training your own model" in docs/landcover.md).</source>
      <translation>Il modello guarda {what} di {seen:g} m ({px} px a {res:g} m per pixel); questa estensione misura {size:.0f} m in {side} ({w:.0f} x {h:.0f} m), meno di una {one}, quindi il risultato sarebbe nodata o tirato a indovinare. Classifica un'estensione più grande, oppure usa un modello fatto per questa risoluzione a terra: per gli ortomosaici da drone, addestrane uno da poligoni disegnati sull'ortomosaico (vedi "Training your own model" in docs/landcover.md).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="51" />
      <source>patches</source>
      <translation>patch</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="51" />
      <source>tiles</source>
      <translation>tile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="53" />
      <source>patch</source>
      <translation>patch</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="53" />
      <source>tile</source>
      <translation>tile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="57" />
      <source>Only {n} output cells of {cell:g} m will be produced ({w} x {h}): the model looks at {seen:g} m at a time, too coarse to map this extent in detail. A model made for this ground resolution (trained on your own orthomosaic) gives a finer map.</source>
      <translation>Verranno prodotte solo {n} celle di output di {cell:g} m ({w} x {h}): il modello guarda {seen:g} m alla volta, troppo grossolano per mappare questa estensione in dettaglio. Un modello fatto per questa risoluzione a terra (addestrato sul tuo ortomosaico) dà una mappa più fine.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="68" />
      <source>The raster's values range from {lo:g} to {hi:g}, but the model expects values up to its value scale {scale:g}: {pct:.0f}% of them are above it, so the model sees them saturated and may give one class everywhere. Rescale the raster to the model's range (e.g. gdal_translate -scale 0 {hi:g} 0 {scale:g}), or use a model made for this imagery.</source>
      <translation>I valori del raster vanno da {lo:g} a {hi:g}, ma il modello si aspetta valori fino alla sua scala {scale:g}: il {pct:.0f}% di essi è al di sopra, quindi il modello li vede saturati e può dare una sola classe ovunque. Riscala il raster all'intervallo del modello (ad es. gdal_translate -scale 0 {hi:g} 0 {scale:g}), oppure usa un modello fatto per queste immagini.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="80" />
      <source>Every cell of the result would be nodata: the extent holds no valid input pixels (all nodata or transparent){patches}. Nothing was written. Check the raster's nodata value and the extent.</source>
      <translation>Ogni cella del risultato sarebbe nodata: l'estensione non contiene pixel di input validi (tutti nodata o trasparenti){patches}. Non è stato scritto nulla. Controlla il valore nodata del raster e l'estensione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/checks.py" line="83" />
      <source>, or no patch is at least half covered by valid pixels</source>
      <translation>, oppure nessuna patch è coperta almeno per metà da pixel validi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="104" />
      <source>The model's metadata key {key} must be a positive number, not {value!r}.</source>
      <translation>La chiave di metadati {key} del modello deve essere un numero positivo, non {value!r}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="114" />
      <source>The model's metadata key {key} must be a JSON list of numbers.</source>
      <translation>La chiave di metadati {key} del modello deve essere una lista JSON di numeri.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="116" />
      <source>The model's metadata key {key} has {n} values but the model has {m} {what}.</source>
      <translation>La chiave di metadati {key} del modello ha {n} valori, ma il modello ha {m} {what}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="141" />
      <source>The model's class_names keys must be 0, 1, 2, ... without gaps.</source>
      <translation>Le chiavi di class_names del modello devono essere 0, 1, 2, ... senza interruzioni.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="145" />
      <source>The model's metadata key class_names must be a non-empty JSON list of strings.</source>
      <translation>La chiave di metadati class_names del modello deve essere una lista JSON non vuota di stringhe.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="171" />
      <source>The model has no metadata (ONNX metadata_props is empty), so Geomorph does not know its classes, bands and resolution.</source>
      <translation>Il modello non ha metadati (metadata_props ONNX è vuoto), quindi Geomorph non ne conosce classi, bande e risoluzione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="179" />
      <source>The model's metadata has no {key} key.</source>
      <translation>I metadati del modello non hanno la chiave {key}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="185" />
      <source>The model type {value!r} is not supported: use patch_classifier, multilabel_classifier or segmentation.</source>
      <translation>Il tipo di modello {value!r} non è supportato: usa patch_classifier, multilabel_classifier o segmentation.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="193" />
      <source>The model's input has rank {rank}; Geomorph needs a rank-4 image input (batch, channels, height, width in NCHW or NHWC order).</source>
      <translation>L'input del modello ha rango {rank}; Geomorph richiede un input immagine di rango 4 (batch, canali, altezza, larghezza in ordine NCHW o NHWC).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="200" />
      <source>The model's input type is {type}; Geomorph feeds float32 or uint8.</source>
      <translation>Il tipo di input del modello è {type}; Geomorph fornisce float32 o uint8.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="206" />
      <source>The model's metadata key input_bands must be a JSON list of band names.</source>
      <translation>La chiave di metadati input_bands del modello deve essere una lista JSON di nomi di bande.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="211" />
      <source>The model's input_layout must be NCHW or NHWC, not {value!r}.</source>
      <translation>L'input_layout del modello deve essere NCHW o NHWC, non {value!r}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="216" />
      <source>The model's channel dimension is dynamic and there is no input_bands key to say how many bands it takes.</source>
      <translation>La dimensione dei canali del modello è dinamica e non c'è una chiave input_bands che indichi quante bande richiede.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="220" />
      <source>The model's input_bands lists {n} bands but its input tensor has {m} channels.</source>
      <translation>L'input_bands del modello elenca {n} bande, ma il suo tensore di input ha {m} canali.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="227" />
      <source>The model's patch_size is {p} but its input tensor is {h} x {w}.</source>
      <translation>La patch_size del modello è {p}, ma il suo tensore di input è {h} x {w}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="230" />
      <source>The model's input is {h} x {w}; Geomorph needs square patches.</source>
      <translation>L'input del modello è {h} x {w}; Geomorph richiede patch quadrate.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="233" />
      <source>The model's input height and width are dynamic and there is no patch_size key.</source>
      <translation>L'altezza e la larghezza dell'input del modello sono dinamiche e non c'è una chiave patch_size.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="241" />
      <source>The model's metadata has no resolution_m key (its ground resolution in metres per pixel).</source>
      <translation>I metadati del modello non hanno la chiave resolution_m (la sua risoluzione al suolo in metri per pixel).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="248" />
      <source>The model takes uint8 input, so value_scale must be absent or 1.</source>
      <translation>Il modello accetta input uint8, quindi value_scale deve essere assente o pari a 1.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="251" />
      <source>channels</source>
      <translation>canali</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="254" />
      <source>The model's std has a zero value, which would divide by zero.</source>
      <translation>La std del modello contiene un valore zero, che causerebbe una divisione per zero.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="256" />
      <source>The model takes uint8 input, so it cannot also declare mean and std.</source>
      <translation>Il modello accetta input uint8, quindi non può dichiarare anche mean e std.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="262" />
      <source>The model's class_colors must be a JSON list of {k} "#rrggbb" colours, one per class.</source>
      <translation>Il class_colors del modello deve essere una lista JSON di {k} colori "#rrggbb", uno per classe.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="267" />
      <source>The model's class_colors has an invalid colour {value!r}: use "#rrggbb".</source>
      <translation>Il class_colors del modello contiene un colore non valido {value!r}: usa "#rrggbb".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="276" />
      <source>classes</source>
      <translation>classi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="278" />
      <source>The model's thresholds must all lie between 0 and 1.</source>
      <translation>Le thresholds del modello devono essere tutte comprese tra 0 e 1.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="284" />
      <source>The model's output_activation must be softmax, sigmoid or none, not {value!r}.</source>
      <translation>L'output_activation del modello deve essere softmax, sigmoid o none, non {value!r}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="290" />
      <source>The model's nodata_class {n} is also a real class index.</source>
      <translation>La nodata_class {n} del modello è anche l'indice di una classe reale.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="293" />
      <source>The model's seg_thresh must lie between 0 and 1 (a class probability), not {value:g}.</source>
      <translation>Il seg_thresh del modello deve essere compreso tra 0 e 1 (una probabilità di classe), non {value:g}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="297" />
      <source>The model's seg_small_segment must be a whole number of pixels, 0 or more, not {value:g}.</source>
      <translation>Il seg_small_segment del modello deve essere un numero intero di pixel, 0 o più, non {value:g}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="304" />
      <source>A {type} must output N x classes, but this model's output has rank {rank}.</source>
      <translation>Un modello {type} deve produrre un output N x classi, ma l'output di questo modello ha rango {rank}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="312" />
      <source>A segmentation model must output N x classes x H x W, but this model's output has rank {rank}.</source>
      <translation>Un modello di segmentazione deve produrre un output N x classi x H x W, ma l'output di questo modello ha rango {rank}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="323" />
      <source>The model outputs {m} classes but class_names lists {k}.</source>
      <translation>Il modello produce {m} classi, ma class_names ne elenca {k}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="339" />
      <source>The model has {n} inputs; Geomorph feeds one image tensor.</source>
      <translation>Il modello ha {n} input; Geomorph fornisce un solo tensore immagine.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="76" />
      <source>Fix the model's metadata_props (see docs/model-contract.md) or re-export it with scripts/export_onnx.py.</source>
      <translation>Correggi i metadata_props del modello (vedi docs/model-contract.md) o riesportalo con scripts/export_onnx.py.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/contract.py" line="92" />
      <source>The model's metadata key {key} is not valid JSON: {value!r}.</source>
      <translation>La chiave di metadati {key} del modello non è un JSON valido: {value!r}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/grid.py" line="20" />
      <source>The input raster has no coordinate reference system, so its ground resolution is unknown. Assign its CRS first (Raster &gt; Projections &gt; Assign Projection, or gdal_translate -a_srs).</source>
      <translation>Il raster di input non ha un sistema di riferimento delle coordinate (SR), quindi la sua risoluzione al suolo è sconosciuta. Assegnagli prima un SR (Raster &gt; Proiezioni &gt; Assegna proiezione, oppure gdal_translate -a_srs).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/grid.py" line="24" />
      <source>The input raster is in a geographic CRS ({name}, degrees), so its pixels have no fixed size in metres and the model's resolution cannot be matched. Reproject it to a projected CRS such as the local UTM zone first, e.g. with Raster &gt; Projections &gt; Warp (Reproject) or gdalwarp -t_srs EPSG:326xx.</source>
      <translation>Il raster di input è in un SR geografico ({name}, gradi), quindi i suoi pixel non hanno una dimensione fissa in metri e non è possibile adattarlo alla risoluzione del modello. Riproiettalo prima in un SR proiettato, come la zona UTM locale, ad es. con Raster &gt; Proiezioni &gt; Riproietta (Warp) o gdalwarp -t_srs EPSG:326xx.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/grid.py" line="42" />
      <source>The extent ({ex0:.2f}, {ey0:.2f}) - ({ex1:.2f}, {ey1:.2f}) does not overlap the raster, which covers ({rx0:.2f}, {ry0:.2f}) - ({rx1:.2f}, {ry1:.2f}) in its CRS. Pick an extent over the raster, or leave EXTENT empty to classify the whole layer.</source>
      <translation>L'estensione ({ex0:.2f}, {ey0:.2f}) - ({ex1:.2f}, {ey1:.2f}) non si sovrappone al raster, che copre ({rx0:.2f}, {ry0:.2f}) - ({rx1:.2f}, {ry1:.2f}) nel suo SR. Scegli un'estensione sul raster, oppure lascia EXTENT vuoto per classificare l'intero layer.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="124" />
      <source>normalisation folded into the graph: onnxruntime is fed raw {type} windows</source>
      <translation>normalizzazione inclusa nel grafo: onnxruntime riceve finestre {type} grezze</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="127" />
      <source>normalisation in numpy (the onnx package is not installed or the graph cannot take it)</source>
      <translation>normalizzazione in numpy (il pacchetto onnx non è installato o il grafo non può includerla)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="131" />
      <source>the model has a fixed batch size of {n}: using it</source>
      <translation>il modello ha una dimensione di batch fissa di {n}: viene usata quella</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="136" />
      <source>The input is already at the model's resolution ({res:g} m): no resampling.</source>
      <translation>L'input è già alla risoluzione del modello ({res:g} m): nessun ricampionamento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="139" />
      <source>Resampling the input from {src:g} m to the model's {res:g} m per pixel ({alg}).</source>
      <translation>Ricampionamento dell'input da {src:g} m ai {res:g} m per pixel del modello ({alg}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="143" />
      <source>Pixels whose most likely class is below the model's probability threshold (seg_thresh {t:g}) get class 0 ({name}), as in Deepness.</source>
      <translation>I pixel la cui classe più probabile è sotto la soglia di probabilità del modello (seg_thresh {t:g}) ricevono la classe 0 ({name}), come in Deepness.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="157" />
      <source>grid {w} x {h} cells of {cell:g} CRS units; {rows} tile rows; {n} column stripes of &lt;= {px} px ({guards} guard tile columns inferred twice)</source>
      <translation>griglia di {w} x {h} celle di {cell:g} unità del SR; {rows} righe di tile; {n} strisce di colonne di &lt;= {px} px ({guards} colonne di tile di guardia elaborate due volte)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="163" />
      <source>Land cover classes</source>
      <translation>Classi di copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="163" />
      <source>Class probabilities and confidence</source>
      <translation>Probabilità delle classi e confidenza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="164" />
      <source>Presence bands</source>
      <translation>Bande di presenza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="165" />
      <source>Area per class report</source>
      <translation>Report dell'area per classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="181" />
      <source>Removed small segments as the model asks (seg_small_segment {n}): each pixel takes the median class of its {s} x {s} px window.</source>
      <translation>Segmenti piccoli rimossi come chiede il modello (seg_small_segment {n}): ogni pixel prende la classe mediana della sua finestra di {s} x {s} px.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="209" />
      <source>Each {t} px tile of this model needs about {mb:.0f} MB, more than the {budget:.0f} MB the batches are given: the run goes one tile at a time and may still take more than 1.5 GB of memory.</source>
      <translation>Ogni tassello di {t} px di questo modello richiede circa {mb:.0f} MB, più dei {budget:.0f} MB concessi ai batch: l'esecuzione procede un tassello alla volta e può comunque superare 1,5 GB di memoria.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="214" />
      <source>Batch size lowered from {asked} to {n}: each {t} px tile needs about {mb:.0f} MB (the network's working memory and its outputs), and the batches are kept under {budget:.0f} MB so that the run stays under 1.5 GB of memory.</source>
      <translation>Dimensione del batch ridotta da {asked} a {n}: ogni tassello di {t} px richiede circa {mb:.0f} MB (la memoria di lavoro della rete e le sue uscite), e i batch restano sotto {budget:.0f} MB perché l'esecuzione resti sotto 1,5 GB di memoria.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="220" />
      <source>memory per tile estimated from the tile size only (the onnx package is not installed, or it cannot infer the shapes in this graph)</source>
      <translation>memoria per tassello stimata solo dalla dimensione del tassello (il pacchetto onnx non è installato, o non sa dedurre le forme di questo grafo)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="227" />
      <source>The model's pixels are {ratio:.0f} times the input's: averaging the input onto the model grid in a temporary file first, in bounded memory (GDAL uses the raster's overviews when it has them).</source>
      <translation>I pixel del modello sono {ratio:.0f} volte quelli dell'input: prima si media l'input sulla griglia del modello in un file temporaneo, con memoria limitata (GDAL usa le piramidi del raster quando ci sono).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/inference.py" line="247" />
      <source>the extent is aligned to the raster's pixels: reading it directly, no warping</source>
      <translation>l'estensione è allineata ai pixel del raster: lettura diretta, senza riproiezione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/installed_models.py" line="45" />
      <source>"{name}" cannot be a model name: use letters, digits, '.', '_' and '-' (up to 100, starting with a letter or digit, without .onnx).</source>
      <translation>"{name}" non può essere il nome di un modello: usa lettere, cifre, '.', '_' e '-' (fino a 100, iniziando con una lettera o una cifra, senza .onnx).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/layout.py" line="33" />
      <source>Patch classifier: {cols} x {rows} patches of {p} px ({m:g} m); one output cell per patch.</source>
      <translation>Classificatore di patch: {cols} x {rows} patch di {p} px ({m:g} m); una cella di output per patch.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/layout.py" line="42" />
      <source>Segmentation: {n} tiles of {p} px with {o} px overlap, blended with weights.</source>
      <translation>Segmentazione: {n} tasselli di {p} px con {o} px di sovrapposizione, fusi con pesi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="115" />
      <source>The model URL {url} redirects more than {n} times. Check the URL, or download the file and give its path.</source>
      <translation>L'URL del modello {url} reindirizza più di {n} volte. Controlla l'URL, oppure scarica il file e indicane il percorso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="120" />
      <source>The model at {url} is larger than {limit} MB ({size} MB so far): that is not a model Geomorph can load in one file. Check the URL, or download the file and give its path.</source>
      <translation>Il modello in {url} è più grande di {limit} MB ({size} MB finora): non è un modello che Geomorph possa caricare in un solo file. Controlla l'URL, oppure scarica il file e indicane il percorso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="135" />
      <source>The file downloaded from {url} is not an ONNX model that onnxruntime can load (the server sent {type}): {error}. Check that the URL points to the .onnx file itself, not to a web page about it, then run again; nothing was cached.</source>
      <translation>Il file scaricato da {url} non è un modello ONNX che onnxruntime possa caricare (il server ha inviato {type}): {error}. Controlla che l'URL punti al file .onnx stesso e non a una pagina web che lo descrive, poi riesegui; nulla è stato messo in cache.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="139" />
      <source>no content type</source>
      <translation>nessun tipo di contenuto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="151" />
      <source>Using the cached model {path}.</source>
      <translation>Uso del modello in cache {path}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="159" />
      <source>Downloading the model from {url}</source>
      <translation>Scaricamento del modello da {url}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="162" />
      <source>Downloading the model from {url} failed: the server answered {code} {reason}. Check the URL, or download the file and give its path.</source>
      <translation>Lo scaricamento del modello da {url} non è riuscito: il server ha risposto {code} {reason}. Controlla l'URL, oppure scarica il file e indicane il percorso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="173" />
      <source>Model download cancelled.</source>
      <translation>Scaricamento del modello annullato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="182" />
      <source>Downloading the model from {url} stopped after {done} of {total} bytes. Try again.</source>
      <translation>Lo scaricamento del modello da {url} si è interrotto dopo {done} di {total} byte. Riprova.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="186" />
      <source>The model downloaded from {url} has sha256 {actual}, not the {expected} given in the URL: the file changed or was corrupted. Check the URL's #sha256= value.</source>
      <translation>Il modello scaricato da {url} ha sha256 {actual}, non il valore {expected} indicato nell'URL: il file è cambiato o è danneggiato. Controlla il valore #sha256= dell'URL.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="194" />
      <source>Downloading the model from {url} failed: {error}. Check the URL and the network, or download the file and give its path.</source>
      <translation>Lo scaricamento del modello da {url} non è riuscito: {error}. Controlla l'URL e la rete, oppure scarica il file e indicane il percorso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="225" />
      <source>The bundled default model {path} is missing: reinstall the plugin, or give a model in MODEL.</source>
      <translation>Il modello predefinito incluso {path} manca: reinstalla il plugin, oppure indica un modello in MODEL.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="239" />
      <source>The model file {path} does not exist and no installed model has that name (installed: {names}). Give the path of an .onnx file, an https URL, the name of an installed model, or leave MODEL empty for the bundled model.</source>
      <translation>Il file del modello {path} non esiste e nessun modello installato ha quel nome (installati: {names}). Indica il percorso di un file .onnx, un URL https, il nome di un modello installato, oppure lascia MODEL vuoto per il modello incluso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="61" />
      <source>The model URL {url} redirects to {target}, which is not https: the download could be tampered with there, so it was not followed. Ask the model's publisher for an https link, or download the file yourself and give its path.</source>
      <translation>L'URL del modello {url} reindirizza a {target}, che non è https: lì il download potrebbe essere manomesso, quindi il reindirizzamento non è stato seguito. Chiedi a chi pubblica il modello un link https, oppure scarica il file tu stesso e indicane il percorso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="66" />
      <source>The model URL {url} is not an https URL.</source>
      <translation>L'URL del modello {url} non è un URL https.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="67" />
      <source>The model URL {url} uses plain http: use https so that the download cannot be tampered with.</source>
      <translation>L'URL del modello {url} usa http semplice: usa https, in modo che lo scaricamento non possa essere manomesso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/model_source.py" line="79" />
      <source>The model URL's fragment #{frag} is not #sha256= followed by 64 hex digits.</source>
      <translation>Il frammento #{frag} dell'URL del modello non è #sha256= seguito da 64 cifre esadecimali.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/output.py" line="294" />
      <source>Land cover: area per class</source>
      <translation>Copertura del suolo: area per classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/output.py" line="299" />
      <source>Cells</source>
      <translation>Celle</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/output.py" line="299" />
      <source>Area (ha)</source>
      <translation>Area (ha)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/output.py" line="307" />
      <source>Cell size: {area:g} m². Nodata cells are not counted.</source>
      <translation>Dimensione della cella: {area:g} m². Le celle NoData non vengono conteggiate.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/reading.py" line="50" />
      <source>GDAL could not resample the input raster to the model grid: {error}</source>
      <translation>GDAL non è riuscito a ricampionare il raster di input sulla griglia del modello: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="101" />
      <source>The GPU was asked for, but onnxruntime could not start {providers}: no NVIDIA GPU is visible or the CUDA 12 and cuDNN 9 libraries are missing. Check nvidia-smi and the CUDA installation, or choose DEVICE=CPU.</source>
      <translation>È stata richiesta la GPU, ma onnxruntime non è riuscito ad avviare {providers}: nessuna GPU NVIDIA è visibile oppure mancano le librerie CUDA 12 e cuDNN 9. Controlla nvidia-smi e l'installazione di CUDA, oppure scegli DEVICE=CPU.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="113" />
      <source>Auto chose the CPU: {why}</source>
      <translation>Auto ha scelto la CPU: {why}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="66" />
      <source>The model file {path} does not exist.</source>
      <translation>Il file del modello {path} non esiste.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="67" />
      <source>The model file {path} is not a readable ONNX model (truncated or corrupt?): {error}. Download or export it again; a partly copied file is the usual cause.</source>
      <translation>Il file del modello {path} non è un modello ONNX leggibile (troncato o danneggiato?): {error}. Scaricalo o esportalo di nuovo; la causa più comune è un file copiato solo in parte.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="76" />
      <source>Unknown device {device!r}: use Auto, GPU or CPU.</source>
      <translation>Dispositivo sconosciuto {device!r}: usa Auto, GPU o CPU.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="82" />
      <source>the CPU was asked for (Device: CPU)</source>
      <translation>è stata richiesta la CPU (Dispositivo: CPU)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="85" />
      <source>this onnxruntime build has no CUDA or TensorRT provider (installed: {providers}); install onnxruntime-gpu for an NVIDIA GPU</source>
      <translation>questa build di onnxruntime non ha provider CUDA o TensorRT (installati: {providers}); installa onnxruntime-gpu per una GPU NVIDIA</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="87" />
      <source>The GPU was asked for, but onnxruntime cannot use one: this onnxruntime build has no CUDA or TensorRT provider (it offers {providers}). Install onnxruntime-gpu (with CUDA 12 and cuDNN 9) in QGIS's Python on a machine with an NVIDIA GPU, or choose DEVICE=CPU.</source>
      <translation>È stata richiesta la GPU, ma onnxruntime non può usarne una: questa build di onnxruntime non ha un provider CUDA o TensorRT (offre {providers}). Installa onnxruntime-gpu (con CUDA 12 e cuDNN 9) nel Python di QGIS su una macchina con GPU NVIDIA, oppure scegli DEVICE=CPU.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="96" />
      <source>Auto found a GPU</source>
      <translation>Auto ha trovato una GPU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="96" />
      <source>the GPU was asked for (Device: GPU)</source>
      <translation>è stata richiesta la GPU (Dispositivo: GPU)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/runtime.py" line="99" />
      <source>onnxruntime-gpu offers {providers} but could not start it (no NVIDIA GPU visible, or the CUDA 12/cuDNN libraries are missing)</source>
      <translation>onnxruntime-gpu offre {providers} ma non è riuscito ad avviarlo (nessuna GPU NVIDIA visibile, o mancano le librerie CUDA 12/cuDNN)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/staging.py" line="72" />
      <source>The output "{label}" ({path}) is the input raster's file {source}: writing it would destroy the input. Choose another file name for the output.</source>
      <translation>L'output "{label}" ({path}) è il file del raster di input {source}: scriverlo distruggerebbe l'input. Scegli un altro nome di file per l'output.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/landcover/staging.py" line="79" />
      <source>The outputs "{a}" and "{b}" are the same file {path}: one would replace the other. Give each output its own file name.</source>
      <translation>Gli output "{a}" e "{b}" sono lo stesso file {path}: uno sostituirebbe l'altro. Dai a ogni output un proprio nome di file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="37" />
      <source>Assess accuracy (confusion matrix, area-adjusted estimates)</source>
      <translation>Valuta l'accuratezza (matrice di confusione, stime corrette per area)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="40" />
      <source>accuracy,confusion matrix,kappa,F1,IoU,user's accuracy,producer's accuracy,Olofsson,area,validation</source>
      <translation>accuratezza,matrice di confusione,kappa,F1,IoU,accuratezza dell'utente,accuratezza del produttore,Olofsson,area,validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="44" />
      <source>&lt;p&gt;Compares a class raster (for example the output of &lt;i&gt;Classify land cover&lt;/i&gt;) with reference polygons or points whose &lt;i&gt;Class field&lt;/i&gt; holds the true class.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Classes are matched by name&lt;/b&gt;: the reference values against the raster's class names (category names or attribute table), ignoring case; a value that is a class number of the raster counts as that class. A raster without class names is refused.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Figures&lt;/b&gt;: overall accuracy, kappa, per class user's accuracy (how often a mapped class is right), producer's accuracy (how much of a true class is found), F1 and IoU, and the confusion matrix (rows map, columns reference). Polygons count every cell they cover; points count the cell they fall in.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Area-adjusted estimates&lt;/b&gt;, with reference &lt;i&gt;points&lt;/i&gt; drawn by &lt;i&gt;Stratified random sample for accuracy assessment&lt;/i&gt;: overall, user's and producer's accuracy and the area of each class corrected for the map's errors, each with a 95% confidence interval (Olofsson et al. 2014, as the AcATaMa plugin does). Every mapped class needs sample points.&lt;/p&gt;&lt;p&gt;A reference layer in another CRS is reprojected; features outside the raster are left out and counted in the log.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Confronta un raster delle classi (per esempio il risultato di &lt;i&gt;Classifica la copertura del suolo&lt;/i&gt;) con poligoni o punti di riferimento il cui &lt;i&gt;Campo della classe&lt;/i&gt; contiene la classe vera.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Le classi sono abbinate per nome&lt;/b&gt;: i valori del riferimento con i nomi delle classi del raster (nomi di categoria o tabella degli attributi), senza distinguere maiuscole e minuscole; un valore che è un numero di classe del raster vale come quella classe. Un raster senza nomi di classe viene rifiutato.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Indici&lt;/b&gt;: accuratezza complessiva, kappa, per classe l'accuratezza dell'utente (quanto spesso una classe mappata è giusta), l'accuratezza del produttore (quanta parte di una classe vera viene trovata), F1 e IoU, e la matrice di confusione (righe mappa, colonne riferimento). I poligoni contano ogni cella che coprono; i punti contano la cella in cui cadono.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Stime corrette per area&lt;/b&gt;, con &lt;i&gt;punti&lt;/i&gt; di riferimento estratti da &lt;i&gt;Campione casuale stratificato per la valutazione dell'accuratezza&lt;/i&gt;: accuratezza complessiva, dell'utente e del produttore e l'area di ogni classe corretta per gli errori della mappa, ciascuna con un intervallo di confidenza al 95% (Olofsson et al. 2014, come fa il plugin AcATaMa). Ogni classe mappata ha bisogno di punti campione.&lt;/p&gt;&lt;p&gt;Un layer di riferimento in un altro SR viene riproiettato; gli elementi fuori dal raster vengono esclusi e contati nel log.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="62" />
      <source>Class raster</source>
      <translation>Raster delle classi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="64" />
      <source>Reference polygons or points</source>
      <translation>Poligoni o punti di riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="67" />
      <source>Class field</source>
      <translation>Campo della classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="69" />
      <source>Accuracy report</source>
      <translation>Rapporto di accuratezza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="69" />
      <source>HTML files (*.html)</source>
      <translation>File HTML (*.html)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="71" />
      <source>Accuracy per class</source>
      <translation>Accuratezza per classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="71" />
      <source>CSV files (*.csv)</source>
      <translation>File CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="74" />
      <source>Confusion matrix</source>
      <translation>Matrice di confusione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_assess.py" line="79" />
      <source>Area-adjusted overall accuracy</source>
      <translation>Accuratezza complessiva corretta per area</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="41" />
      <source>Stratified random sample for accuracy assessment</source>
      <translation>Campione casuale stratificato per la valutazione dell'accuratezza</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="44" />
      <source>accuracy,sample,stratified,Olofsson,validation,reference,points</source>
      <translation>accuratezza,campione,stratificato,Olofsson,validazione,riferimento,punti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="47" />
      <source>&lt;p&gt;Draws random points from a class raster, stratified by its classes, for an accuracy assessment with area estimates (Olofsson et al. 2014, as the AcATaMa plugin does).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sample size&lt;/b&gt;: n = (Σ W&lt;sub&gt;i&lt;/sub&gt; S&lt;sub&gt;i&lt;/sub&gt; / S(O))², where W&lt;sub&gt;i&lt;/sub&gt; is the share of the map of class i, S&lt;sub&gt;i&lt;/sub&gt; = √(U&lt;sub&gt;i&lt;/sub&gt;(1 − U&lt;sub&gt;i&lt;/sub&gt;)) with U&lt;sub&gt;i&lt;/sub&gt; the &lt;i&gt;Expected user's accuracy&lt;/i&gt;, and S(O) the &lt;i&gt;Target standard error of overall accuracy&lt;/i&gt;. Each class gets at least the &lt;i&gt;Minimum points per class&lt;/i&gt; (small classes would otherwise get a handful); the rest is shared in proportion to area.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output&lt;/b&gt;: points at cell centres with the map class (&lt;i&gt;map_class&lt;/i&gt;, &lt;i&gt;map_value&lt;/i&gt;) and an empty &lt;i&gt;reference&lt;/i&gt; field. Fill &lt;i&gt;reference&lt;/i&gt; with the class you see on the imagery (use the map's class names), then run &lt;i&gt;Assess accuracy&lt;/i&gt; with it. The raster needs class names (as &lt;i&gt;Classify land cover&lt;/i&gt; writes them). Give a &lt;i&gt;Random seed&lt;/i&gt; to draw the same points again.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Estrae punti casuali da un raster delle classi, stratificati per classe, per una valutazione dell'accuratezza con stima delle aree (Olofsson et al. 2014, come fa il plugin AcATaMa).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Dimensione del campione&lt;/b&gt;: n = (Σ W&lt;sub&gt;i&lt;/sub&gt; S&lt;sub&gt;i&lt;/sub&gt; / S(O))², dove W&lt;sub&gt;i&lt;/sub&gt; è la quota della mappa della classe i, S&lt;sub&gt;i&lt;/sub&gt; = √(U&lt;sub&gt;i&lt;/sub&gt;(1 − U&lt;sub&gt;i&lt;/sub&gt;)) con U&lt;sub&gt;i&lt;/sub&gt; l'&lt;i&gt;Accuratezza dell'utente attesa&lt;/i&gt;, e S(O) l'&lt;i&gt;Errore standard obiettivo dell'accuratezza complessiva&lt;/i&gt;. Ogni classe riceve almeno il &lt;i&gt;Numero minimo di punti per classe&lt;/i&gt; (altrimenti le classi piccole ne avrebbero una manciata); il resto è ripartito in proporzione all'area.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultato&lt;/b&gt;: punti al centro delle celle con la classe della mappa (&lt;i&gt;map_class&lt;/i&gt;, &lt;i&gt;map_value&lt;/i&gt;) e un campo &lt;i&gt;reference&lt;/i&gt; vuoto. Compila &lt;i&gt;reference&lt;/i&gt; con la classe che vedi sulle immagini (usa i nomi delle classi della mappa), poi esegui &lt;i&gt;Valuta l'accuratezza&lt;/i&gt; con esso. Il raster deve avere i nomi delle classi (come li scrive &lt;i&gt;Classifica la copertura del suolo&lt;/i&gt;). Indica un &lt;i&gt;Seme casuale&lt;/i&gt; per estrarre di nuovo gli stessi punti.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="63" />
      <source>Target standard error of overall accuracy</source>
      <translation>Errore standard obiettivo dell'accuratezza complessiva</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="66" />
      <source>Expected user's accuracy</source>
      <translation>Accuratezza dell'utente attesa</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="69" />
      <source>Minimum points per class</source>
      <translation>Numero minimo di punti per classe</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="72" />
      <source>Random seed (empty: a new sample each run)</source>
      <translation>Seme casuale (vuoto: un nuovo campione a ogni esecuzione)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="75" />
      <source>Sample points</source>
      <translation>Punti campione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/accuracy_sample.py" line="76" />
      <source>Number of points</source>
      <translation>Numero di punti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="124" />
      <source>one of the input or output files</source>
      <translation>uno dei file di input o di output</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="164" />
      <source>Geomorph stopped on an unexpected error ({error}). This is a bug in Geomorph, not a problem with your data: please report it with the steps that led to it.</source>
      <translation>Geomorph si è fermato per un errore inatteso ({error}). È un difetto di Geomorph, non un problema dei tuoi dati: segnalalo descrivendo i passaggi che lo hanno causato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="166" />
      <source>Geomorph stopped on an unexpected error ({error}). This is a bug in Geomorph, not a problem with your data: please report it and attach the file {file}, which holds the technical details.</source>
      <translation>Geomorph si è fermato per un errore inatteso ({error}). È un difetto di Geomorph, non un problema dei tuoi dati: segnalalo allegando il file {file}, che contiene i dettagli tecnici.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="177" />
      <source>The connection to the cluster failed ({error}). Check the network and the cluster profile (Test connection in the Geomorph cluster profiles); a job already submitted keeps running on the cluster: follow it again with Resume an SfM job (geomorph:resumesfm).</source>
      <translation>La connessione al cluster non è riuscita ({error}). Controlla la rete e il profilo del cluster (Prova connessione nei profili cluster di Geomorph); un job già inviato continua a girare sul cluster: seguilo di nuovo con Riprendi un job SfM (geomorph:resumesfm).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="182" />
      <source>The computer ran out of memory. Lower the batch size, process a smaller extent, or close other programs, then run again.</source>
      <translation>Il computer ha esaurito la memoria. Riduci la dimensione del batch, elabora un'estensione più piccola o chiudi altri programmi, poi riesegui.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="188" />
      <source>Choose a folder you can write to (for example in your home folder), or fix its permissions.</source>
      <translation>Scegli una cartella in cui puoi scrivere (ad esempio nella tua cartella home), oppure correggine i permessi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="190" />
      <source>The disk is full: free some space or choose a folder on another disk.</source>
      <translation>Il disco è pieno: libera spazio o scegli una cartella su un altro disco.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="192" />
      <source>Check the path: a folder in it does not exist or is a file.</source>
      <translation>Controlla il percorso: una cartella al suo interno non esiste o è un file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="194" />
      <source>Check that the path is right, the file is complete and the folder is writable.</source>
      <translation>Controlla che il percorso sia giusto, il file completo e la cartella scrivibile.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="195" />
      <source>Geomorph could not use the file {file}: {reason}. {fix}</source>
      <translation>Geomorph non ha potuto usare il file {file}: {reason}. {fix}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="202" />
      <source>The output cannot be written there: choose a folder you can write to, or fix its permissions.</source>
      <translation>L'output non può essere scritto lì: scegli una cartella in cui puoi scrivere, oppure correggine i permessi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="207" />
      <source>The file looks damaged or incomplete (a truncated copy or an interrupted download is the usual cause): copy or export it again, and check that it opens in QGIS.</source>
      <translation>Il file sembra danneggiato o incompleto (di solito una copia troncata o un download interrotto): copialo o esportalo di nuovo e controlla che si apra in QGIS.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="210" />
      <source>Check that the file is complete and readable, and that the output folder is writable.</source>
      <translation>Controlla che il file sia completo e leggibile e che la cartella di output sia scrivibile.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="211" />
      <source>GDAL failed on {file}: {error}. {fix}</source>
      <translation>GDAL non è riuscito a elaborare {file}: {error}. {fix}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="27" />
      <source>Land cover</source>
      <translation>Copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="28" />
      <source>Photogrammetry on HTCondor</source>
      <translation>Fotogrammetria su HTCondor</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="29" />
      <source>Cluster connection</source>
      <translation>Connessione al cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/base.py" line="30" />
      <source>Change detection</source>
      <translation>Rilevamento dei cambiamenti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_common.py" line="22" />
      <source>The raster {name} could not be loaded: choose a raster layer or file.</source>
      <translation>Il raster {name} non può essere caricato: scegli un layer raster o un file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_common.py" line="25" />
      <source>The layer {layer} comes from the {provider} provider; Geomorph reads rasters through GDAL. Save it as a GeoTIFF first (Export &gt; Save As...).</source>
      <translation>Il layer {layer} viene dal provider {provider}; Geomorph legge i raster tramite GDAL. Salvalo prima come GeoTIFF (Esporta &gt; Salva come...).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="118" />
      <source>Aligned DEM</source>
      <translation>DEM allineato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="43" />
      <source>Co-register DEMs (Nuth &amp; Kääb)</source>
      <translation>Coregistra DEM (Nuth &amp; Kääb)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="46" />
      <source>co-registration,coregistration,alignment,dem,dsm,nuth,kaab,shift,nmad,change</source>
      <translation>coregistrazione,co-registrazione,allineamento,dem,dsm,nuth,kaab,spostamento,nmad,cambiamento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="49" />
      <source>&lt;p&gt;Aligns a DEM onto a reference DEM before you compare them. Two surveys are never georeferenced exactly alike: without this step most of the 'change' in a DEM of difference is a shift.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Stable terrain.&lt;/b&gt; The shift is measured where nothing should have changed: give polygons of stable ground, or a land-cover raster and the names (or values) of its stable classes, e.g. &lt;i&gt;Highway, Industrial&lt;/i&gt;. Without either, the whole overlap is used, which is right only when little changed.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Method.&lt;/b&gt; Nuth &amp; Kääb (2011): the elevation difference dh on slopes is a cosine of the aspect whose amplitude and phase give the horizontal shift; it is fitted (robustly, outliers beyond 3 NMAD dropped), the DEM is resampled at the new shift and the fit repeated until the shift changes by less than 0.01 pixel. The vertical bias is the median dh after the shift; with &lt;i&gt;Remove a tilt&lt;/i&gt; a plane is fitted to dh instead. Statistics use medians and the NMAD (1.4826 x median absolute deviation), as xDEM does, because the mean and standard deviation are wrecked by the cells that did change.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output.&lt;/b&gt; The aligned DEM (a Cloud Optimized GeoTIFF). In the reference's CRS its cells are the input's own, moved (no resampling); in another CRS it is resampled onto the reference's grid. The shift and the stable-ground statistics (with the NMAD per slope class) are stored in the GeoTIFF's metadata, so that &lt;i&gt;DEM of difference&lt;/i&gt; can take the DEM's uncertainty from the co-registration. The report (HTML) gives dx, dy, dz and the median and NMAD of dh before and after, with histograms, and the NMAD per slope class. Both DEMs need a projected CRS (metres).&lt;/p&gt;</source>
      <translation>&lt;p&gt;Allinea un DEM su un DEM di riferimento prima di confrontarli. Due rilievi non sono mai georeferenziati esattamente allo stesso modo: senza questo passo gran parte del 'cambiamento' in un DEM delle differenze è uno spostamento.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Terreno stabile.&lt;/b&gt; Lo spostamento si misura dove nulla dovrebbe essere cambiato: indica poligoni di terreno stabile, oppure un raster di copertura del suolo e i nomi (o i valori) delle sue classi stabili, per esempio &lt;i&gt;Highway, Industrial&lt;/i&gt;. Senza nessuno dei due si usa tutta la sovrapposizione, il che va bene solo se è cambiato poco.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Metodo.&lt;/b&gt; Nuth &amp; Kääb (2011): sui pendii la differenza di quota dh è un coseno dell'esposizione, la cui ampiezza e fase danno lo spostamento orizzontale; viene stimato (in modo robusto, scartando i valori oltre 3 NMAD), il DEM viene ricampionato al nuovo spostamento e la stima ripetuta finché lo spostamento cambia di meno di 0.01 pixel. Lo scarto verticale è la mediana di dh dopo lo spostamento; con &lt;i&gt;Rimuovi un'inclinazione&lt;/i&gt; si adatta invece un piano a dh. Le statistiche usano mediane e la NMAD (1.4826 x deviazione assoluta mediana), come xDEM, perché media e deviazione standard sono falsate dalle celle che sono davvero cambiate.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultato.&lt;/b&gt; Il DEM allineato (un Cloud Optimized GeoTIFF). Nel SR del riferimento le sue celle sono quelle originali, spostate (senza ricampionamento); in un altro SR viene ricampionato sulla griglia del riferimento. Lo spostamento e le statistiche sul terreno stabile (con la NMAD per classe di pendenza) sono salvati nei metadati del GeoTIFF, così che &lt;i&gt;DEM delle differenze&lt;/i&gt; possa ricavare l'incertezza del DEM dalla coregistrazione. Il rapporto (HTML) riporta dx, dy, dz e mediana e NMAD di dh prima e dopo, con istogrammi, e la NMAD per classe di pendenza. Entrambi i DEM richiedono un SR proiettato (metri).&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="67" />
      <source>&lt;p&gt;&lt;b&gt;Interpolated cells.&lt;/b&gt; A DSM made by &lt;i&gt;Run SfM on the cluster&lt;/i&gt; with MicMac has a second band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees or over water. Only matched cells are sampled as stable ground, and the aligned DEM keeps only them: an interpolated surface is not terrain.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Celle interpolate.&lt;/b&gt; Un DSM prodotto da &lt;i&gt;Esegui SfM sul cluster&lt;/i&gt; con MicMac ha una seconda banda che indica quali celle sono state abbinate (1) e quali il matcher ha interpolato (0), per esempio sotto gli alberi o sull'acqua. Solo le celle abbinate sono campionate come terreno stabile, e il DEM allineato conserva solo quelle: una superficie interpolata non è terreno.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="75" />
      <source>Reference DEM</source>
      <translation>DEM di riferimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="78" />
      <source>Stable terrain polygons</source>
      <translation>Poligoni di terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="80" />
      <source>Land-cover raster for stable terrain</source>
      <translation>Raster di copertura del suolo per il terreno stabile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="82" />
      <source>Stable classes of that raster (names or values, comma separated)</source>
      <translation>Classi stabili di quel raster (nomi o valori, separati da virgole)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="84" />
      <source>Remove a tilt (fit a plane)</source>
      <translation>Rimuovi un'inclinazione (adatta un piano)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="87" />
      <source>Maximum iterations</source>
      <translation>Numero massimo di iterazioni</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="93" />
      <source>Co-registration report</source>
      <translation>Rapporto di coregistrazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="94" />
      <source>Shift east (m)</source>
      <translation>Spostamento verso est (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="94" />
      <source>Shift north (m)</source>
      <translation>Spostamento verso nord (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="94" />
      <source>Vertical shift (m)</source>
      <translation>Spostamento verticale (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="95" />
      <source>Median dh before (m)</source>
      <translation>dh mediano prima (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="95" />
      <source>NMAD of dh before (m)</source>
      <translation>NMAD di dh prima (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="96" />
      <source>Median dh after (m)</source>
      <translation>dh mediano dopo (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_coregister.py" line="96" />
      <source>NMAD of dh after (m)</source>
      <translation>NMAD di dh dopo (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="101" />
      <source>Uncertainty of the {label} comes from</source>
      <translation>L'incertezza del {label} viene da</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="104" />
      <source>Uncertainty of the {label}, constant (m)</source>
      <translation>Incertezza del {label}, costante (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="107" />
      <source>Uncertainty raster of the {label} (m)</source>
      <translation>Raster dell'incertezza del {label} (m)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="109" />
      <source>Confidence (0.95 = 95%)</source>
      <translation>Confidenza (0.95 = 95%)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="112" />
      <source>Thresholding</source>
      <translation>Soglia</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="113" />
      <source>Level of detection (t x sigma_dz)</source>
      <translation>Livello di rilevabilità (t x sigma_dz)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="113" />
      <source>Probabilistic (GCD)</source>
      <translation>Probabilistica (GCD)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="115" />
      <source>Class raster for budgets (e.g. land cover)</source>
      <translation>Raster delle classi per i bilanci (es. copertura del suolo)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="117" />
      <source>Polygons for budgets</source>
      <translation>Poligoni per i bilanci</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="119" />
      <source>Field naming the polygons</source>
      <translation>Campo con il nome dei poligoni</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="123" />
      <source>Probability of real change</source>
      <translation>Probabilità di cambiamento reale</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="125" />
      <source>Change report</source>
      <translation>Rapporto dei cambiamenti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="127" />
      <source>Budget table</source>
      <translation>Tabella del bilancio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="128" />
      <source>Erosion area (m²)</source>
      <translation>Area in erosione (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="128" />
      <source>Erosion volume (m³)</source>
      <translation>Volume eroso (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="129" />
      <source>Erosion volume uncertainty (m³)</source>
      <translation>Incertezza del volume eroso (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="130" />
      <source>Deposition area (m²)</source>
      <translation>Area in deposito (m²)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="130" />
      <source>Deposition volume (m³)</source>
      <translation>Volume depositato (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="131" />
      <source>Deposition volume uncertainty (m³)</source>
      <translation>Incertezza del volume depositato (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="132" />
      <source>Net volume change (m³)</source>
      <translation>Variazione netta di volume (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="132" />
      <source>Net volume uncertainty (m³)</source>
      <translation>Incertezza della variazione netta (m³)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="133" />
      <source>Area with no detectable change (%)</source>
      <translation>Area senza cambiamenti rilevabili (%)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="134" />
      <source>Level of detection (m, median)</source>
      <translation>Livello di rilevabilità (m, mediano)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="53" />
      <source>DEM of difference (volumes with uncertainty)</source>
      <translation>DEM delle differenze (volumi con incertezza)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="56" />
      <source>dod,dem of difference,change,erosion,deposition,volume,budget,gcd,level of detection,lod</source>
      <translation>dod,dem delle differenze,cambiamento,erosione,deposito,volume,bilancio,gcd,livello di rilevabilità,lod</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="59" />
      <source>&lt;p&gt;Subtracts the old DEM from the new one (new - old: erosion is negative, deposition positive) on the old DEM's grid, resampling the new one with GDAL (cubic convolution) when the grids or CRSs differ, and keeps only the change that the surveys' errors cannot explain.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Uncertainty of each DEM&lt;/b&gt; (standard deviation of its elevation error, metres): a constant, a raster, or &lt;i&gt;from the co-registration&lt;/i&gt;: the NMAD of dh on stable ground that &lt;i&gt;Co-register DEMs&lt;/i&gt; stored in the aligned DEM, per slope class (errors grow on steep ground; each cell takes the NMAD of its slope, from the old DEM), split evenly between the two DEMs (each gets NMAD / sqrt(2), so together they give the NMAD back).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Level of detection.&lt;/b&gt; Errors of the two DEMs are taken as independent: sigma_dz = sqrt(sigma_new² + sigma_old²). A cell's change is detected when |dz| &gt; LoD = t x sigma_dz, with t from the confidence (1.96 for 0.95). &lt;i&gt;Probabilistic&lt;/i&gt; (as in GCD) computes each cell's probability that its change is real, P = erf(|dz| / (sigma_dz sqrt 2)), keeps the cells with P at least the confidence and can write P as a raster (no spatial-coherence updating).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Volumes and their uncertainty.&lt;/b&gt; Erosion and deposition volumes are A x sum of dz over the detected cells of each kind (A = cell area); net = deposition - erosion. Their uncertainty assumes errors uncorrelated from cell to cell: sigma_V = A x sqrt(sum of sigma_dz_i²). That is a lower bound when errors are spatially correlated (a residual tilt or bias after co-registration): the report also gives the fully correlated upper bound, A x sum of sigma_dz_i. The uncorrelated figure is the one returned as the uncertainty outputs.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Budgets&lt;/b&gt; (GCD's budget segregation): give a class raster (e.g. the land cover; class names are read from the raster) or polygons (with a field naming them) to get the budget per class or per polygon as well as the total.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; The thresholded DoD (a Cloud Optimized GeoTIFF: 0 = no detectable change, nodata where either DEM has none) styled with a diverging red-white-blue ramp (a .qml beside it, which QGIS loads by default); an HTML report with the budget and the area and volume histograms of the elevation change; a CSV of the budget. It reads the rasters in stripes, so memory stays bounded on any size.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Sottrae il DEM vecchio da quello nuovo (nuovo - vecchio: l'erosione è negativa, il deposito positivo) sulla griglia del DEM vecchio, ricampionando il nuovo con GDAL (convoluzione cubica) quando griglie o SR differiscono, e tiene solo il cambiamento che gli errori dei rilievi non possono spiegare.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Incertezza di ciascun DEM&lt;/b&gt; (deviazione standard del suo errore di quota, metri): una costante, un raster, oppure &lt;i&gt;dalla coregistrazione&lt;/i&gt;: la NMAD di dh sul terreno stabile che &lt;i&gt;Coregistra DEM&lt;/i&gt; ha salvato nel DEM allineato, per classe di pendenza (gli errori crescono sul terreno ripido; ogni cella prende la NMAD della sua pendenza, dal DEM vecchio), ripartita in parti uguali tra i due DEM (ciascuno riceve NMAD / sqrt(2), così insieme restituiscono la NMAD).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Livello di rilevabilità.&lt;/b&gt; Gli errori dei due DEM sono considerati indipendenti: sigma_dz = sqrt(sigma_nuovo² + sigma_vecchio²). Il cambiamento di una cella è rilevato quando |dz| &gt; LoD = t x sigma_dz, con t ricavato dalla confidenza (1.96 per 0.95). &lt;i&gt;Probabilistica&lt;/i&gt; (come in GCD) calcola per ogni cella la probabilità che il cambiamento sia reale, P = erf(|dz| / (sigma_dz sqrt 2)), tiene le celle con P almeno pari alla confidenza e può scrivere P come raster (senza aggiornamento per coerenza spaziale).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Volumi e loro incertezza.&lt;/b&gt; I volumi di erosione e deposito sono A x somma di dz sulle celle rilevate di ciascun tipo (A = area della cella); netto = deposito - erosione. La loro incertezza assume errori non correlati da cella a cella: sigma_V = A x sqrt(somma di sigma_dz_i²). È un limite inferiore quando gli errori sono correlati nello spazio (un'inclinazione o uno scarto residui dopo la coregistrazione): il rapporto fornisce anche il limite superiore per errori del tutto correlati, A x somma di sigma_dz_i. Il valore non correlato è quello restituito come incertezza.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bilanci&lt;/b&gt; (la segregazione del bilancio di GCD): indica un raster delle classi (es. la copertura del suolo; i nomi delle classi sono letti dal raster) o dei poligoni (con un campo che li nomina) per avere il bilancio per classe o per poligono oltre al totale.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Il DoD con soglia (un Cloud Optimized GeoTIFF: 0 = nessun cambiamento rilevabile, nodata dove uno dei DEM non ha dati) con una scala divergente rosso-bianco-blu (un .qml accanto, che QGIS carica come stile predefinito); un rapporto HTML con il bilancio e gli istogrammi di area e volume delle variazioni di quota; un CSV del bilancio. Legge i raster a strisce, quindi la memoria resta limitata per qualsiasi dimensione.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="86" />
      <source>&lt;p&gt;&lt;b&gt;Interpolated cells.&lt;/b&gt; A DSM made by &lt;i&gt;Run SfM on the cluster&lt;/i&gt; with MicMac has a second band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees or over water. Cells interpolated in either DEM are left out (no data in the DoD, not counted in the areas and volumes): their difference would be the interpolation's, not the ground's.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Celle interpolate.&lt;/b&gt; Un DSM prodotto da &lt;i&gt;Esegui SfM sul cluster&lt;/i&gt; con MicMac ha una seconda banda che indica quali celle sono state abbinate (1) e quali il matcher ha interpolato (0), per esempio sotto gli alberi o sull'acqua. Le celle interpolate in uno dei due DEM sono escluse (senza dati nel DoD, non contate in aree e volumi): la loro differenza sarebbe quella dell'interpolazione, non del terreno.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="94" />
      <source>New DEM</source>
      <translation>DEM nuovo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="95" />
      <source>Old DEM</source>
      <translation>DEM vecchio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="96" />
      <source>Constant</source>
      <translation>Costante</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="96" />
      <source>Raster</source>
      <translation>Raster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_dod.py" line="96" />
      <source>From the co-registration (stable-ground NMAD)</source>
      <translation>Dalla coregistrazione (NMAD sul terreno stabile)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="31" />
      <source>Land-cover change (transition matrix)</source>
      <translation>Cambiamento della copertura del suolo (matrice di transizione)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="34" />
      <source>land cover,change,transition,matrix,gain,loss,persistence,classes</source>
      <translation>copertura del suolo,cambiamento,transizione,matrice,guadagno,perdita,persistenza,classi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="37" />
      <source>&lt;p&gt;Compares two land-cover rasters of the same place (for example two runs of &lt;i&gt;Classify land cover&lt;/i&gt; on orthomosaics of two dates).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Classes are matched by name&lt;/b&gt;, read from each raster (its category names, or the name column of its attribute table, as Geomorph writes them), not by value: the two rasters may number their classes differently, and a class present in only one of them is kept. A raster without class names is refused. The later raster is read on the earlier one's grid (nearest neighbour; reprojected when the CRSs differ).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; A change raster (Cloud Optimized GeoTIFF) whose categories are 'from → to' with names, unchanged cells in grey and changed cells in the colour of the class they became; a report (HTML) with the transition matrix in hectares and, per class, the area before and after, gains, losses and persistence; the same as CSV. Memory stays bounded on any raster size.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Confronta due raster di copertura del suolo dello stesso luogo (per esempio due esecuzioni di &lt;i&gt;Classifica la copertura del suolo&lt;/i&gt; su ortomosaici di due date).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Le classi sono abbinate per nome&lt;/b&gt;, letto da ciascun raster (i nomi delle categorie, o la colonna dei nomi della tabella degli attributi, come li scrive Geomorph), non per valore: i due raster possono numerare le classi in modo diverso, e una classe presente in uno solo dei due viene mantenuta. Un raster senza nomi di classe viene rifiutato. Il raster più recente viene letto sulla griglia di quello precedente (vicino più prossimo; riproiettato quando i SR differiscono).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Un raster dei cambiamenti (Cloud Optimized GeoTIFF) le cui categorie sono 'da → a' con i nomi, con le celle invariate in grigio e quelle cambiate nel colore della classe che sono diventate; un rapporto (HTML) con la matrice di transizione in ettari e, per classe, l'area prima e dopo, guadagni, perdite e persistenza; lo stesso in CSV. La memoria resta limitata per qualsiasi dimensione del raster.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="51" />
      <source>Land cover before</source>
      <translation>Copertura del suolo prima</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="52" />
      <source>Land cover after</source>
      <translation>Copertura del suolo dopo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="55" />
      <source>Transition report</source>
      <translation>Rapporto delle transizioni</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="57" />
      <source>Transition table</source>
      <translation>Tabella delle transizioni</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/change_landcover.py" line="78" />
      <source>Land-cover transitions</source>
      <translation>Transizioni della copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="121" />
      <source>&lt;p&gt;&lt;b&gt;Batch size&lt;/b&gt; is an upper bound: when its batches would not fit in about 900 MB (the network's working memory grows with the batch), the run uses the largest batch that fits and says so in the log. &lt;b&gt;Deepness settings.&lt;/b&gt; A segmentation model that carries Deepness's seg_thresh gives class 0 to pixels whose most likely class is less probable than that; one with seg_small_segment removes small clusters of a class with a median over a window of that many pixels, as Deepness does.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Dimensione del batch&lt;/b&gt; è un limite superiore: quando i suoi batch non starebbero in circa 900 MB (la memoria di lavoro della rete cresce con il batch), l'esecuzione usa il batch più grande che ci sta e lo dice nel log. &lt;b&gt;Impostazioni di Deepness.&lt;/b&gt; Un modello di segmentazione che porta il seg_thresh di Deepness assegna la classe 0 ai pixel la cui classe più probabile ha una probabilità inferiore; uno con seg_small_segment rimuove i piccoli gruppi di una classe con una mediana su una finestra di quel numero di pixel, come fa Deepness.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="129" />
      <source>Input raster</source>
      <translation>Raster di input</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="131" />
      <source>Extent (empty: the whole layer)</source>
      <translation>Estensione (vuota: l'intero layer)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="133" />
      <source>ONNX model: file, https URL or installed model name (empty: bundled EuroSAT RGB model)</source>
      <translation>Modello ONNX: file, URL https o nome di un modello installato (vuoto: modello EuroSAT RGB incluso)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="136" />
      <source>ONNX models (*.onnx);;All files (*)</source>
      <translation>Modelli ONNX (*.onnx);;Tutti i file (*)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="140" />
      <source>Device</source>
      <translation>Dispositivo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="141" />
      <source>Auto (GPU when onnxruntime-gpu sees one, else CPU)</source>
      <translation>Auto (GPU quando onnxruntime-gpu ne vede una, altrimenti CPU)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="141" />
      <source>GPU (fail when none)</source>
      <translation>GPU (errore se non disponibile)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="141" />
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="144" />
      <source>Batch size (tiles per inference call)</source>
      <translation>Dimensione del batch (tasselli per chiamata di inferenza)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="147" />
      <source>Tile overlap for segmentation, % (empty: the model's, or 15)</source>
      <translation>Sovrapposizione dei tasselli per la segmentazione, % (vuoto: quella del modello, o 15)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="150" />
      <source>Bands feeding the model, in its order (empty: the first ones)</source>
      <translation>Bande fornite al modello, nel suo ordine (vuoto: le prime)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="158" />
      <source>HTML files (*.html);;CSV files (*.csv)</source>
      <translation>File HTML (*.html);;File CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="165" />
      <source>The input raster could not be loaded: choose a raster layer or file.</source>
      <translation>Impossibile caricare il raster di input: scegli un layer raster o un file.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="167" />
      <source>The input layer comes from the {provider} provider; Geomorph reads rasters through GDAL. Save it as a GeoTIFF first (Export &gt; Save As...).</source>
      <translation>Il layer di input proviene dal provider {provider}; Geomorph legge i raster tramite GDAL. Salvalo prima come GeoTIFF (Esporta &gt; Salva con nome...).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="190" />
      <source>The cached copy was removed: run again to download it afresh.</source>
      <translation>La copia in cache è stata rimossa: riesegui per scaricarla di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="193" />
      <source>onnxruntime execution provider: {provider} ({reason}).</source>
      <translation>Execution provider di onnxruntime: {provider} ({reason}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="196" />
      <source>Model {name}: {type}, {k} classes ({names}), {c} input bands, {p} px patches at {res:g} m.</source>
      <translation>Modello {name}: {type}, {k} classi ({names}), {c} bande di input, patch di {p} px a {res:g} m.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="218" />
      <source>Classified {mpx:.1f} Mpx at model resolution in {s:.1f} s ({rate:.2f} Mpx/s) on {provider}.</source>
      <translation>Classificati {mpx:.1f} Mpx alla risoluzione del modello in {s:.1f} s ({rate:.2f} Mpx/s) su {provider}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="228" />
      <source>Land cover ({model})</source>
      <translation>Copertura del suolo ({model})</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="56" />
      <source>A model file, an https URL, or the name of a model installed by "Train a land-cover model on the cluster". Installed: {names}.</source>
      <translation>Un file di modello, un URL https o il nome di un modello installato da "Addestra un modello di copertura del suolo sul cluster". Installati: {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="82" />
      <source>Classify land cover (ONNX model)</source>
      <translation>Classifica la copertura del suolo (modello ONNX)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="85" />
      <source>land cover,classification,onnx,cnn,segmentation,eurosat,deep learning,gpu</source>
      <translation>copertura del suolo,classificazione,onnx,cnn,segmentazione,eurosat,deep learning,apprendimento profondo,gpu,land cover</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/classify_landcover.py" line="88" />
      <source>&lt;p&gt;Runs a convolutional neural network exported to ONNX over a raster and writes a class raster (a Cloud Optimized GeoTIFF with a colour table, class names and a raster attribute table) that loads as a paletted layer with the model's colours and legend.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Models.&lt;/b&gt; Three kinds are supported: &lt;i&gt;patch classifiers&lt;/i&gt; (EuroSAT-style VGG/ResNet on 64x64 patches: one output cell per patch), &lt;i&gt;multi-label classifiers&lt;/i&gt; (BigEarthNet-style: the dominant class plus one presence band per class) and &lt;i&gt;segmentation&lt;/i&gt; nets (U-Net, DeepGlobe-style: one class per pixel). Leave &lt;i&gt;ONNX model&lt;/i&gt; empty for the bundled EuroSAT RGB model (10 m Sentinel-2 classes), or give an .onnx file or an https URL (downloaded once into the QGIS profile; add #sha256=&amp;lt;hex&amp;gt; to have it verified).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Scale.&lt;/b&gt; A model sees the ground at its own resolution: the bundled model looks at 640 m patches, so it cannot map a 90 m drone survey. An extent smaller than one patch (or tile) of the model is refused, and fewer than about 10 output cells earn a warning. For drone orthomosaics, train a model from polygons drawn on the orthomosaic (see docs/landcover.md).&lt;/p&gt;&lt;p&gt;&lt;b&gt;The model contract.&lt;/b&gt; The model's ONNX metadata says its type, class names and colours, input bands, value scaling (e.g. /255 or /10000), mean and std, ground resolution in metres and patch size (see docs/model-contract.md). Deepness models are read as they are. The input is resampled to the model's resolution over the extent (a 2 cm drone mosaic is averaged to 10 m for a EuroSAT model, in bounded memory); the output is in the input's CRS, which must be projected (reproject a lat/lon raster to UTM first). Input nodata stays nodata. 16-bit imagery works with the model's value_scale; values far above it earn a warning.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Device.&lt;/b&gt; Auto uses the GPU when onnxruntime-gpu sees one, else the CPU; GPU fails with an explanation when no GPU can be used; the log always says which execution provider ran and why. &lt;i&gt;Batch size&lt;/i&gt; tiles go through the network at once (larger is faster on a GPU, uses more memory).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Tile overlap&lt;/b&gt; (segmentation only, percent of the tile): neighbouring tiles overlap and their class probabilities are blended with weights that fade towards tile edges, so no seams show. Empty uses the model's tiles_overlap or 15%.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; &lt;i&gt;Land cover classes&lt;/i&gt;: the class raster. &lt;i&gt;Class probabilities and confidence&lt;/i&gt; (optional): one float band per class plus a confidence band (the highest probability). &lt;i&gt;Area per class report&lt;/i&gt; (optional): area per class in hectares, as HTML or CSV depending on the file name. No output may be the input raster or another output. Outputs are written under temporary names and replace an existing file only when the run succeeds. Memory stays bounded on any extent: results are streamed to disk row by row.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Esegue una rete neurale convoluzionale esportata in ONNX su un raster e scrive un raster di classi (un Cloud Optimized GeoTIFF con tabella dei colori, nomi delle classi e tabella degli attributi) che si carica come layer a tavolozza con i colori e la legenda del modello.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Modelli.&lt;/b&gt; Sono supportati tre tipi: &lt;i&gt;classificatori di patch&lt;/i&gt; (VGG/ResNet stile EuroSAT su patch 64x64: una cella di output per patch), &lt;i&gt;classificatori multi-etichetta&lt;/i&gt; (stile BigEarthNet: la classe dominante più una banda di presenza per classe) e reti di &lt;i&gt;segmentazione&lt;/i&gt; (U-Net, stile DeepGlobe: una classe per pixel). Lascia vuoto &lt;i&gt;Modello ONNX&lt;/i&gt; per il modello EuroSAT RGB incluso (classi Sentinel-2 a 10 m), oppure indica un file .onnx o un URL https (scaricato una volta nel profilo QGIS; aggiungi #sha256=&amp;lt;hex&amp;gt; per farlo verificare).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Scala.&lt;/b&gt; Un modello vede il terreno alla propria risoluzione: il modello incluso guarda patch di 640 m, quindi non può mappare un rilievo da drone di 90 m. Un'estensione più piccola di una patch (o tile) del modello viene rifiutata, e meno di circa 10 celle di output producono un avviso. Per gli ortomosaici da drone, addestra un modello da poligoni disegnati sull'ortomosaico (vedi docs/landcover.md).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Il contratto del modello.&lt;/b&gt; I metadati ONNX del modello indicano tipo, nomi e colori delle classi, bande di input, scala dei valori (ad es. /255 o /10000), media e deviazione standard, risoluzione a terra in metri e dimensione della patch (vedi docs/model-contract.md). I modelli Deepness vengono letti così come sono. L'input viene ricampionato alla risoluzione del modello sull'estensione (un mosaico da drone a 2 cm viene mediato a 10 m per un modello EuroSAT, con memoria limitata); l'output è nel SR dell'input, che deve essere proiettato (riproietta prima in UTM un raster lat/lon). Il nodata dell'input resta nodata. Le immagini a 16 bit funzionano con il value_scale del modello; valori molto al di sopra producono un avviso.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Dispositivo.&lt;/b&gt; Auto usa la GPU quando onnxruntime-gpu ne vede una, altrimenti la CPU; GPU fallisce con una spiegazione quando nessuna GPU è utilizzabile; il log dice sempre quale execution provider è stato usato e perché. &lt;i&gt;Dimensione del batch&lt;/i&gt;: quante tile passano insieme nella rete (più grande è più veloce su GPU, usa più memoria).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sovrapposizione delle tile&lt;/b&gt; (solo segmentazione, percentuale della tile): le tile vicine si sovrappongono e le loro probabilità di classe vengono fuse con pesi che diminuiscono verso i bordi delle tile, così non si vedono giunture. Vuoto usa il tiles_overlap del modello o il 15%.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output.&lt;/b&gt; &lt;i&gt;Classi di copertura del suolo&lt;/i&gt;: il raster delle classi. &lt;i&gt;Probabilità delle classi e confidenza&lt;/i&gt; (facoltativo): una banda float per classe più una banda di confidenza (la probabilità più alta). &lt;i&gt;Report dell'area per classe&lt;/i&gt; (facoltativo): area per classe in ettari, in HTML o CSV a seconda del nome del file. Nessun output può essere il raster di input o un altro output. Gli output vengono scritti con nomi temporanei e sostituiscono un file esistente solo se l'esecuzione riesce. La memoria resta limitata su qualsiasi estensione: i risultati vengono scritti su disco riga per riga.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="104" />
      <source>Maximum parallel jobs (0 = no limit)</source>
      <translation>Massimo di job in parallelo (0 = nessun limite)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="105" />
      <source>CPU cores per node job at most (0 = {n}, the default)</source>
      <translation>Core CPU al massimo per job di nodo (0 = {n}, il predefinito)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="107" />
      <source>Memory per node job at most, MB (0 = {n}, the default)</source>
      <translation>Memoria al massimo per job di nodo, MB (0 = {n}, il predefinito)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="109" />
      <source>Retries of a failed node job (-1 = {n}, the default; 0 = none)</source>
      <translation>Ripetizioni di un job di nodo fallito (-1 = {n}, il predefinito; 0 = nessuna)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="117" />
      <source>Replace a profile of the same name</source>
      <translation>Sostituisci un profilo con lo stesso nome</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="119" />
      <source>Or import a profile file (JSON)</source>
      <translation>Oppure importa un file di profili (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="124" />
      <source>Profiles saved</source>
      <translation>Profili salvati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="133" />
      <source>The password file {path} cannot be read ({error}).</source>
      <translation>Il file della password {path} non può essere letto ({error}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="136" />
      <source>The password file {path} is empty: put the password on its first line.</source>
      <translation>Il file della password {path} è vuoto: metti la password nella sua prima riga.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="141" />
      <source>The environment variable {name} is not set or empty: set it to the password before running.</source>
      <translation>La variabile d'ambiente {name} non è impostata o è vuota: impostala alla password prima dell'esecuzione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="185" />
      <source>The profile file {path} cannot be read: {error}</source>
      <translation>Il file di profili {path} non può essere letto: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="196" />
      <source>A cluster profile named "{name}" exists already: tick "Replace a profile of the same name", or choose another name.</source>
      <translation>Esiste già un profilo del cluster chiamato "{name}": spunta "Sostituisci un profilo con lo stesso nome" oppure scegli un altro nome.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="205" />
      <source>Stored the password of "{name}" in QGIS's authentication database as configuration {id}.</source>
      <translation>Salvata la password di "{name}" nel database di autenticazione di QGIS come configurazione {id}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="208" />
      <source>Saved the cluster profile "{name}" ({user}@{host}:{port}). Next: trust its host key with "Trust cluster host key".</source>
      <translation>Salvato il profilo del cluster "{name}" ({user}@{host}:{port}). Poi: considera attendibile la sua chiave host con "Considera attendibile la chiave host del cluster".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="57" />
      <source>Create cluster profile</source>
      <translation>Crea profilo del cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="60" />
      <source>Makes a cluster profile, with the same fields as Plugins &gt; Geomorph &gt; Cluster profiles, for scripts and qgis_process. Authentication: 0 = SSH agent / Pageant, 1 = private key file, 2 = password. A password or key passphrase never goes in a parameter (Processing keeps parameters in its history): give a file that holds it (its first line is read; delete the file afterwards), or the name of an environment variable that holds it, and it is stored in QGIS's authentication database (its master password must be set); or pick a configuration already there. Limits per node job: 0 keeps the workflow's default. A profile file (JSON, {"profiles": [...]}) imports every profile in it instead of the fields. An existing profile is replaced only when you tick "Replace". Standalone Python scripts see the same profiles as QGIS only when they set QGIS's organisation and application names (see docs/cluster.md).</source>
      <translation>Crea un profilo del cluster, con gli stessi campi di Plugin &gt; Geomorph &gt; Profili del cluster, per gli script e qgis_process. Autenticazione: 0 = agente SSH / Pageant, 1 = file della chiave privata, 2 = password. Una password o la passphrase di una chiave non va mai in un parametro (Processing conserva i parametri nella sua cronologia): indica un file che la contiene (se ne legge la prima riga; poi cancella il file), oppure il nome di una variabile d'ambiente che la contiene, e viene salvata nel database di autenticazione di QGIS (la sua password principale deve essere impostata); oppure scegli una configurazione che vi si trova già. Limiti per job di nodo: 0 mantiene il valore predefinito del workflow. Un file di profili (JSON, {"profiles": [...]}) importa tutti i profili che contiene al posto dei campi. Un profilo esistente viene sostituito solo se spunti "Sostituisci". Gli script Python autonomi vedono gli stessi profili di QGIS solo se impostano il nome dell'organizzazione e dell'applicazione di QGIS (vedi docs/cluster.md).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="89" />
      <source>File holding the password or key passphrase</source>
      <translation>File che contiene la password o la passphrase della chiave</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="91" />
      <source>Environment variable holding the password or key passphrase</source>
      <translation>Variabile d'ambiente che contiene la password o la passphrase della chiave</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/create_cluster_profile.py" line="94" />
      <source>Or a configuration already in QGIS's authentication database</source>
      <translation>Oppure una configurazione già presente nel database di autenticazione di QGIS</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/provider.py" line="56" />
      <source>Geomorph {version}: UAV photogrammetry and land cover</source>
      <translation>Geomorph {version}: fotogrammetria da drone e copertura del suolo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_cancel.py" line="21" />
      <source>Removes an SfM job from the cluster queue (condor_rm on its DAG; DAGMan removes the node jobs). Your photos are not touched, and the files on the cluster are kept, so the job can be resumed with "Resume SfM job". The jobs still running or waiting are offered first.</source>
      <translation>Rimuove un job SfM dalla coda del cluster (condor_rm sul suo DAG; DAGMan rimuove i job dei nodi). Le tue foto non vengono toccate e i file sul cluster vengono conservati, quindi il job può essere ripreso con "Riprendi job SfM". I job ancora in esecuzione o in attesa sono proposti per primi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_cancel.py" line="36" />
      <source>Job {id} removed from the cluster queue.</source>
      <translation>Job {id} rimosso dalla coda del cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="105" />
      <source>Folder of geotagged UAV photos</source>
      <translation>Cartella delle foto da drone georeferenziate</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="109" />
      <source>Image pairs per matching job</source>
      <translation>Coppie di immagini per job di matching</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="110" />
      <source>Downscale photos to this longest side (0 = full size)</source>
      <translation>Riduci le foto a questo lato maggiore (0 = dimensione piena)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="121" />
      <source>Photogrammetry engine</source>
      <translation>Motore fotogrammetrico</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="129" />
      <source>Auto (the default): COLMAP with dense matching when the cluster profile has GPU nodes, MicMac on CPU nodes otherwise, so that every cluster gives a dense DSM. MicMac: a dense DSM on CPU nodes (the source workflow: Tapioca, Tapas, Malt on ground tiles spread over the nodes); the nodes need MicMac's mm3d, from the profile's "Node setup command" or "Container image". COLMAP: dense matching on GPU nodes (tick "The cluster has GPU nodes (CUDA)" in the profile; refused without). COLMAP sparse fast path: quick, but the DSM is triangulated from the tie points, so it has no kerbs, trees or boulders: fine for a first look at the orthomosaic, not for change detection. The log and the job report say which engine ran and why. In scripts and qgis_process: 0 = Auto, 1 = MicMac, 2 = COLMAP, 3 = COLMAP sparse fast path.</source>
      <translation>Auto (predefinito): COLMAP con corrispondenze dense quando il profilo del cluster ha nodi GPU, altrimenti MicMac sui nodi CPU, così ogni cluster produce un DSM denso. MicMac: un DSM denso sui nodi CPU (il workflow di origine: Tapioca, Tapas, Malt su tasselli di terreno distribuiti sui nodi); i nodi hanno bisogno di mm3d di MicMac, dal "Comando di preparazione del nodo" o dall'"Immagine container" del profilo. COLMAP: corrispondenze dense sui nodi GPU (spunta "Il cluster ha nodi GPU (CUDA)" nel profilo; rifiutato senza). COLMAP percorso rapido sparso: veloce, ma il DSM è triangolato dai punti di legame, quindi non ha cordoli, alberi né massi: va bene per un primo sguardo all'ortomosaico, non per il rilevamento dei cambiamenti. Il log e il rapporto del job dicono quale motore è stato eseguito e perché. Negli script e in qgis_process: 0 = Auto, 1 = MicMac, 2 = COLMAP, 3 = COLMAP percorso rapido sparso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="143" />
      <source>&lt;p&gt;&lt;b&gt;Photogrammetry engine.&lt;/b&gt; &lt;i&gt;Auto&lt;/i&gt; (the default) gives a dense DSM on any cluster: when the profile has &lt;i&gt;The cluster has GPU nodes (CUDA)&lt;/i&gt; ticked, COLMAP matches densely on the GPU nodes; without GPU nodes, as on most clusters, MicMac runs on the CPU nodes. &lt;i&gt;MicMac&lt;/i&gt; follows the source workflow: Tapioca tie points in many small jobs, Tapas, then Malt on ground tiles spread over the nodes. &lt;i&gt;COLMAP&lt;/i&gt; needs GPU nodes and is refused without them. &lt;i&gt;COLMAP sparse fast path&lt;/i&gt; is quick, but its DSM is triangulated from the tie points only, with no kerbs, trees or boulders: fine for a first look at the orthomosaic, not for change detection. The log and the job report say which engine ran and why.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Motore fotogrammetrico.&lt;/b&gt; &lt;i&gt;Auto&lt;/i&gt; (predefinito) produce un DSM denso su qualsiasi cluster: quando il profilo ha &lt;i&gt;Il cluster ha nodi GPU (CUDA)&lt;/i&gt; spuntato, COLMAP calcola le corrispondenze dense sui nodi GPU; senza nodi GPU, come nella maggior parte dei cluster, MicMac viene eseguito sui nodi CPU. &lt;i&gt;MicMac&lt;/i&gt; segue il workflow di origine: punti di legame Tapioca in molti piccoli job, Tapas, poi Malt su tasselli di terreno distribuiti sui nodi. &lt;i&gt;COLMAP&lt;/i&gt; ha bisogno di nodi GPU e senza di essi viene rifiutato. &lt;i&gt;COLMAP percorso rapido sparso&lt;/i&gt; è veloce, ma il suo DSM è triangolato solo dai punti di legame, senza cordoli, alberi né massi: va bene per un primo sguardo all'ortomosaico, non per il rilevamento dei cambiamenti. Il log e il rapporto del job dicono quale motore è stato eseguito e perché.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="151" />
      <source>&lt;p&gt;&lt;b&gt;Trees in the MicMac DSM.&lt;/b&gt; Malt matches the ground seen from all photos at once, which fails on tree crowns: there it interpolates. After each Malt tile that interpolated a tenth of its area or more, MicMac's per-photo matching made for vegetation (PIMs Forest, merged by PIMs2Mnt) fills those cells with the canopy it matched. Band 2 of the DSM says which cells were matched (1) and which are still interpolated (0); the change algorithms leave the interpolated ones out. On bare ground the fill can be switched off with pims_zoom 0 in the cluster profile's extra settings.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Alberi nel DSM di MicMac.&lt;/b&gt; Malt fa la correlazione del terreno visto da tutte le foto insieme, e sulle chiome degli alberi fallisce: lì interpola. Dopo ogni tassello di Malt che ha interpolato almeno un decimo della sua area, la correlazione per singola foto di MicMac pensata per la vegetazione (PIMs Forest, unita da PIMs2Mnt) riempie quelle celle con la chioma che ha trovato. La banda 2 del DSM dice quali celle sono misurate (1) e quali restano interpolate (0); gli algoritmi di cambiamento escludono quelle interpolate. Su terreno nudo il riempimento si può disattivare con pims_zoom 0 nelle impostazioni aggiuntive del profilo del cluster.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="158" />
      <source>&lt;p&gt;&lt;b&gt;Software on the nodes.&lt;/b&gt; Geomorph installs nothing on the cluster: MicMac needs &lt;i&gt;mm3d&lt;/i&gt; and COLMAP needs &lt;i&gt;colmap&lt;/i&gt; on the nodes, from the profile's &lt;i&gt;Node setup command&lt;/i&gt; (for example module load micmac) or its &lt;i&gt;Container image&lt;/i&gt;. Before anything is uploaded, the nodes' software is checked over SSH; when the engine is missing, the run stops and says which field to fill in.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Software sui nodi.&lt;/b&gt; Geomorph non installa nulla sul cluster: MicMac ha bisogno di &lt;i&gt;mm3d&lt;/i&gt; e COLMAP di &lt;i&gt;colmap&lt;/i&gt; sui nodi, dal &lt;i&gt;Comando di preparazione del nodo&lt;/i&gt; del profilo (ad esempio module load micmac) o dalla sua &lt;i&gt;Immagine container&lt;/i&gt;. Prima di caricare qualsiasi cosa, il software dei nodi viene verificato via SSH; quando il motore manca, l'esecuzione si ferma e dice quale campo compilare.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="163" />
      <source>&lt;p&gt;&lt;b&gt;Stalled steps.&lt;/b&gt; In the &lt;i&gt;SfM jobs panel&lt;/i&gt;, each running step shows for how long it has run and the last lines of its log. A node job of a step that has written nothing to its log for 15 minutes is shown as stalled, in red, not as running. Geomorph does not stop it: read its log, and if it is stuck, cancel the job and resume it later. Where steps are quiet for longer, set your own threshold in seconds, stall_after_s, in the cluster profile's extra settings.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Passi fermi.&lt;/b&gt; Nel &lt;i&gt;Pannello dei job SfM&lt;/i&gt;, ogni passo in esecuzione mostra da quanto tempo è in esecuzione e le ultime righe del suo log. Un job dei nodi di un passo che non scrive nulla nel suo log da 15 minuti viene mostrato come fermo, in rosso, non come in esecuzione. Geomorph non lo interrompe: leggi il suo log e, se è bloccato, annulla il job e riprendilo più tardi. Dove i passi restano silenziosi più a lungo, imposta una tua soglia in secondi, stall_after_s, nelle impostazioni extra del profilo del cluster.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="179" />
      <source>Folder for the downloaded results</source>
      <translation>Cartella per i risultati scaricati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="187" />
      <source>Left at "Save to temporary folder", the results go to a folder named after the job id, in geomorph-sfm beside the saved project, or in geomorph/sfm-results in your QGIS profile folder when the project is not saved: never to QGIS's temporary folder, which QGIS deletes when it closes while the job goes on.</source>
      <translation>Lasciato su "Salva in una cartella temporanea", i risultati vanno in una cartella con il nome dell'id del job, in geomorph-sfm accanto al progetto salvato, oppure in geomorph/sfm-results nella cartella del tuo profilo QGIS quando il progetto non è salvato: mai nella cartella temporanea di QGIS, che QGIS elimina alla chiusura mentre il job prosegue.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="194" />
      <source>&lt;p&gt;&lt;b&gt;Results.&lt;/b&gt; Left at &lt;i&gt;Save to temporary folder&lt;/i&gt;, they go to a folder named after the job id, in geomorph-sfm beside the saved project, or in geomorph/sfm-results in your QGIS profile folder when the project is not saved.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Lasciati su &lt;i&gt;Salva in una cartella temporanea&lt;/i&gt;, vanno in una cartella con il nome dell'id del job, in geomorph-sfm accanto al progetto salvato, oppure in geomorph/sfm-results nella cartella del tuo profilo QGIS quando il progetto non è salvato.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="200" />
      <source>Orthomosaic</source>
      <translation>Ortomosaico</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="201" />
      <source>Digital surface model</source>
      <translation>Modello digitale della superficie</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="202" />
      <source>Hillshade of the surface model</source>
      <translation>Ombreggiatura del modello della superficie</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="203" />
      <source>Point cloud (COPC)</source>
      <translation>Nuvola di punti (COPC)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="204" />
      <source>Point cloud file (PLY/LAS)</source>
      <translation>File della nuvola di punti (PLY/LAS)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="205" />
      <source>Job report</source>
      <translation>Report del job</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="218" />
      <source>No job id given: choose one, or copy it from the jobs panel or from the log of the run.</source>
      <translation>Nessun id di job indicato: scegline uno, oppure copialo dal pannello dei job o dal log dell'esecuzione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="229" />
      <source>Connecting to {user}@{host}:{port}…</source>
      <translation>Connessione a {user}@{host}:{port}…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="256" />
      <source>Result: {summary}</source>
      <translation>Risultato: {summary}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="81" />
      <source>Cluster profile name</source>
      <translation>Nome del profilo cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="83" />
      <source>A profile from Plugins &gt; Geomorph &gt; Cluster profiles (host, login, work folder), or one made with "Create cluster profile". The known ones are offered; scripts may pass any name.</source>
      <translation>Un profilo da Plugin &gt; Geomorph &gt; Profili del cluster (host, accesso, cartella di lavoro), oppure uno creato con "Crea profilo del cluster". Sono proposti quelli conosciuti; gli script possono passare qualsiasi nome.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="90" />
      <source>Job id</source>
      <translation>Id del job</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_common.py" line="91" />
      <source>The id of an SfM job (shown in the SfM jobs panel and in the log of the run that submitted it). The jobs known to this QGIS are offered; scripts may pass any id.</source>
      <translation>L'id di un job SfM (mostrato nel pannello dei job SfM e nel log dell'esecuzione che lo ha inviato). Sono proposti i job conosciuti da questo QGIS; gli script possono passare qualsiasi id.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_fetch.py" line="16" />
      <source>Fetch SfM results</source>
      <translation>Scarica i risultati SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_fetch.py" line="19" />
      <source>Downloads the orthomosaic, the digital surface model, the point cloud and the job report of a completed SfM job (files already downloaded are skipped) and loads them as styled layers. The completed jobs are offered first. Left at "Save to temporary folder", the folder for the results is the job's own: the one chosen, or given by default, when it was submitted (a job whose folder was a temporary one that QGIS has since deleted gets a folder named after the job id, in geomorph-sfm beside the project, or in geomorph/sfm-results in your QGIS profile folder).</source>
      <translation>Scarica l'ortomosaico, il modello digitale della superficie, la nuvola di punti e il rapporto di un job SfM completato (i file già scaricati vengono saltati) e li carica come layer con stile. I job completati sono proposti per primi. Lasciato su "Salva in una cartella temporanea", la cartella dei risultati è quella del job: quella scelta, o data per impostazione predefinita, quando è stato inviato (un job la cui cartella era temporanea e che QGIS ha poi eliminato riceve una cartella con il nome dell'id del job, in geomorph-sfm accanto al progetto, oppure in geomorph/sfm-results nella cartella del tuo profilo QGIS).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_fetch.py" line="30" />
      <source>Left at "Save to temporary folder": the job's own results folder, never a temporary one.</source>
      <translation>Lasciato su "Salva in una cartella temporanea": la cartella dei risultati del job, mai una temporanea.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_fetch.py" line="42" />
      <source>The job's results folder was a temporary one; downloading to {dir}.</source>
      <translation>La cartella dei risultati del job era temporanea; scarico in {dir}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_layers.py" line="275" />
      <source>SfM {job}</source>
      <translation>SfM {job}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_layers.py" line="280" />
      <source>{job} hillshade</source>
      <translation>{job} ombreggiatura</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_layers.py" line="282" />
      <source>{job} DSM</source>
      <translation>{job} DSM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_layers.py" line="284" />
      <source>{job} orthomosaic</source>
      <translation>{job} ortomosaico</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_layers.py" line="286" />
      <source>{job} point cloud</source>
      <translation>{job} nuvola di punti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_resume.py" line="20" />
      <source>Resume SfM job</source>
      <translation>Riprendi job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_resume.py" line="23" />
      <source>Resubmits a failed or cancelled SfM job after you have fixed the cause (see "SfM job status" for the failed nodes and their errors). HTCondor DAGMan's rescue DAG makes only the unfinished nodes run again: finished chunks, tiles and steps are kept. Returns at once; follow it in the jobs panel. The failed and cancelled jobs are offered first.</source>
      <translation>Invia di nuovo un job SfM fallito o annullato dopo che ne hai corretto la causa (vedi "Stato del job SfM" per i nodi falliti e i loro errori). Il DAG di recupero di HTCondor DAGMan fa rieseguire solo i nodi non terminati: blocchi, tasselli e passi finiti vengono conservati. Termina subito; seguilo nel pannello dei job. I job falliti e annullati sono proposti per primi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_resume.py" line="32" />
      <source>HTCondor cluster id of the DAG</source>
      <translation>Id del cluster HTCondor del DAG</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_resume.py" line="41" />
      <source>Job {id} resubmitted as HTCondor cluster {cluster}.</source>
      <translation>Job {id} reinviato come cluster HTCondor {cluster}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="117" />
      <source>Downloading the results to {dir}…</source>
      <translation>Scaricamento dei risultati in {dir}…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="34" />
      <source>Reading the photos' GPS positions…</source>
      <translation>Lettura delle posizioni GPS delle foto…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="38" />
      <source>Results will be downloaded to {dir}.</source>
      <translation>I risultati saranno scaricati in {dir}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="39" />
      <source>Job {id}: {photos} photos, {nodes} DAG nodes, surface: {surface}.</source>
      <translation>Job {id}: {photos} foto, {nodes} nodi DAG, superficie: {surface}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="42" />
      <source>{n} photo(s) have no GPS position and are left out: {names}</source>
      <translation>{n} foto non hanno una posizione GPS e vengono escluse: {names}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="53" />
      <source>Uploading the photos and the workflow to {dir}…</source>
      <translation>Caricamento delle foto e del workflow in {dir}…</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="58" />
      <source>Cancelled during the upload; nothing was submitted.</source>
      <translation>Annullato durante il caricamento; non è stato inviato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="61" />
      <source>Uploaded {n} files ({skipped} already there) at {rate:.1f} MB/s.</source>
      <translation>Caricati {n} file ({skipped} già presenti) a {rate:.1f} MB/s.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="64" />
      <source>Submitted the DAG as HTCondor cluster {id}.</source>
      <translation>DAG inviato come cluster HTCondor {id}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="74" />
      <source>Run SfM on the cluster</source>
      <translation>Esegui SfM sul cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="78" />
      <source>&lt;p&gt;Uploads the geotagged photos of a folder to the cluster of a profile, runs the structure-from-motion workflow there as an HTCondor DAG (many small jobs in parallel, retries, per-step progress), waits for it, downloads the results and loads the orthomosaic, the digital surface model (DSM, with a colour ramp and a hillshade) and the point cloud as styled layers. It blocks until the job ends, so it chains in the modeler; for runs of many hours, &lt;i&gt;Submit SfM job&lt;/i&gt; returns at once.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Carica le foto georeferenziate di una cartella sul cluster di un profilo, vi esegue il workflow structure-from-motion come DAG HTCondor (molti piccoli job in parallelo, tentativi ripetuti, avanzamento per passo), ne attende la fine, scarica i risultati e carica l'ortomosaico, il modello digitale della superficie (DSM, con una rampa di colori e un'ombreggiatura) e la nuvola di punti come layer con stile. Resta in attesa fino alla fine del job, quindi si concatena nel modellatore; per esecuzioni di molte ore, &lt;i&gt;Invia job SfM&lt;/i&gt; restituisce subito il controllo.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_run.py" line="85" />
      <source>&lt;p&gt;&lt;b&gt;While it waits&lt;/b&gt;, the log shows the progress of each step, and for the long ones how long they have run and the last lines of their log, as the panel does. If the connection drops, it reconnects and keeps following the job; after 30 minutes without an answer from the cluster it stops, and the job goes on there. The job also survives a QGIS restart.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Cancelling&lt;/b&gt; removes the job from the cluster queue (condor_rm); your photos are never changed, and &lt;i&gt;Resume SfM job&lt;/i&gt; continues it later without rerunning the finished steps.&lt;/p&gt;</source>
      <translation>&lt;p&gt;&lt;b&gt;Durante l'attesa&lt;/b&gt;, il log mostra l'avanzamento di ogni passo e, per quelli lunghi, da quanto tempo sono in esecuzione e le ultime righe del loro log, come fa il pannello. Se la connessione cade, si riconnette e continua a seguire il job; dopo 30 minuti senza risposta dal cluster si ferma, e il job prosegue lì. Il job sopravvive anche a un riavvio di QGIS.&lt;/p&gt;&lt;p&gt;&lt;b&gt;L'annullamento&lt;/b&gt; rimuove il job dalla coda del cluster (condor_rm); le tue foto non vengono mai modificate e &lt;i&gt;Riprendi job SfM&lt;/i&gt; lo continua in seguito senza rieseguire i passi finiti.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="27" />
      <source>SfM job status</source>
      <translation>Stato del job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="30" />
      <source>Asks the cluster where an SfM job is: its state (submitted, running, waiting for a slot, completed, failed, cancelled, fetched), the progress of each workflow step from DAGMan's node status file, the nodes that wait for a slot with HTCondor's reason (a node that no slot of the cluster can run is named as such), and for failed nodes the end of their error output and log. For each running node it says how long it has run and shows the last lines of its log; a node whose log has not grown for the stall threshold (15 min, or stall_after_s in the cluster profile's extra settings) is shown as stalled for that long, not as running. A stalled node is not stopped: read its log on the cluster, and cancel the job if it is stuck.</source>
      <translation>Chiede al cluster a che punto è un job SfM: il suo stato (inviato, in esecuzione, in attesa di uno slot, completato, fallito, annullato, scaricato), l'avanzamento di ogni passo del workflow dal file di stato dei nodi di DAGMan, i nodi in attesa di uno slot con il motivo dato da HTCondor (un nodo che nessuno slot del cluster può eseguire viene indicato come tale) e, per i nodi falliti, la fine del loro output di errore e del loro log. Per ogni nodo in esecuzione dice da quanto tempo è in esecuzione e mostra le ultime righe del suo log; un nodo il cui log non cresce da più della soglia di blocco (15 min, oppure stall_after_s nelle impostazioni extra del profilo del cluster) viene mostrato come fermo da quel tempo, non come in esecuzione. Un nodo fermo non viene interrotto: leggi il suo log sul cluster e annulla il job se è bloccato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="44" />
      <source>Nodes done (%)</source>
      <translation>Nodi completati (%)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="45" />
      <source>Per-step progress (JSON)</source>
      <translation>Avanzamento per passaggio (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="46" />
      <source>Failed nodes and their stderr (JSON)</source>
      <translation>Nodi non riusciti e relativo stderr (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="47" />
      <source>Nodes waiting for a slot, and why (JSON)</source>
      <translation>Nodi in attesa di uno slot, e perché (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="49" />
      <source>Running nodes: time running, end of the log, stalled or not (JSON)</source>
      <translation>Nodi in esecuzione: tempo di esecuzione, fine del log, fermi o no (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="50" />
      <source>Message</source>
      <translation>Messaggio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="62" />
      <source>Node {node} failed; the end of its error output:</source>
      <translation>Il nodo {node} non è riuscito; la fine del suo output di errore:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="66" />
      <source>Node {node} failed and wrote no error output.</source>
      <translation>Il nodo {node} è fallito senza scrivere output di errore.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_status.py" line="68" />
      <source>The end of its log:</source>
      <translation>La fine del suo log:</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_submit.py" line="18" />
      <source>Submit SfM job</source>
      <translation>Invia job SfM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_submit.py" line="22" />
      <source>&lt;p&gt;Uploads the photos and submits the structure-from-motion workflow to the cluster, then returns the job id at once, without waiting: for runs of many hours. Follow the job in the &lt;i&gt;SfM jobs panel&lt;/i&gt; or with &lt;i&gt;SfM job status&lt;/i&gt;, and load its results with &lt;i&gt;Fetch SfM results&lt;/i&gt; once it has completed. The parameters are those of &lt;i&gt;Run SfM on the cluster&lt;/i&gt;.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Carica le foto e invia il workflow structure-from-motion al cluster, poi restituisce subito l'id del job, senza attendere: per esecuzioni di molte ore. Segui il job nel &lt;i&gt;Pannello dei job SfM&lt;/i&gt; o con &lt;i&gt;Stato del job SfM&lt;/i&gt;, e carica i suoi risultati con &lt;i&gt;Scarica i risultati SfM&lt;/i&gt; quando è completato. I parametri sono quelli di &lt;i&gt;Esegui SfM sul cluster&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/sfm_submit.py" line="43" />
      <source>Job id: {id}</source>
      <translation>Id del job: {id}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="111" />
      <source>Raster (orthomosaic)</source>
      <translation>Raster (ortomosaico)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="113" />
      <source>Labelled polygons</source>
      <translation>Poligoni etichettati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="117" />
      <source>Ground sampling distance, m/pixel (empty: the raster's own)</source>
      <translation>Distanza di campionamento al suolo, m/pixel (vuota: quella del raster)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="120" />
      <source>Tile size (pixels)</source>
      <translation>Dimensione dei tasselli (pixel)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="123" />
      <source>Model kind</source>
      <translation>Tipo di modello</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="124" />
      <source>Segmentation (tiles and masks)</source>
      <translation>Segmentazione (tasselli e maschere)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="124" />
      <source>Patches (one class per patch)</source>
      <translation>Patch (una classe per patch)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="126" />
      <source>Block size of the spatial split, m (empty: 4 tiles)</source>
      <translation>Dimensione del blocco della suddivisione spaziale, m (vuota: 4 tasselli)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="129" />
      <source>Buffer between training and validation, m (empty: one tile)</source>
      <translation>Margine tra addestramento e validazione, m (vuoto: un tassello)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="132" />
      <source>Validation fraction</source>
      <translation>Frazione di validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="135" />
      <source>Random seed of the split</source>
      <translation>Seme casuale della suddivisione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="141" />
      <source>Dataset folder</source>
      <translation>Cartella dell'insieme di dati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="142" />
      <source>Dataset manifest</source>
      <translation>Manifesto dell'insieme di dati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="143" />
      <source>Training tiles</source>
      <translation>Tasselli di addestramento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="144" />
      <source>Validation tiles</source>
      <translation>Tasselli di validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="179" />
      <source>Class names and colours are taken from the layer's categorized style.</source>
      <translation>I nomi e i colori delle classi sono presi dallo stile categorizzato del layer.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="84" />
      <source>Export training data (tiles and masks from labelled polygons)</source>
      <translation>Esporta dati di addestramento (tasselli e maschere da poligoni etichettati)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="87" />
      <source>training,dataset,labels,tiles,masks,segmentation,patches,deep learning,validation</source>
      <translation>addestramento,insieme di dati,etichette,tasselli,maschere,segmentazione,patch,deep learning,validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_export.py" line="90" />
      <source>&lt;p&gt;Cuts a training set for a land-cover model out of a raster (your orthomosaic) and the polygons you drew on it, one class per polygon in the &lt;i&gt;Class field&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Model kind.&lt;/b&gt; &lt;i&gt;Segmentation&lt;/i&gt; writes image tiles and masks of the same size (mask value = class number, 255 = unlabelled, so draw only what you are sure of). &lt;i&gt;Patches&lt;/i&gt; writes image patches for a patch classifier, each labelled with the class covering at least 90% of it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ground sampling distance&lt;/b&gt;: the pixel size of the tiles in metres; empty keeps the raster's own, otherwise the raster is resampled by GDAL. Use the resolution you will classify at.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Spatial split.&lt;/b&gt; Tiles are grouped in square blocks (&lt;i&gt;Block size&lt;/i&gt;, default 4 tiles); whole blocks go to validation until it holds the &lt;i&gt;Validation fraction&lt;/i&gt; of the labels, with at least one block per class. Training tiles closer to a validation tile than the &lt;i&gt;Buffer&lt;/i&gt; (default one tile) are left out, so neighbouring pixels never sit on both sides. Draw each class in several places, farther apart than a block.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output&lt;/b&gt;: a new or empty folder (an existing dataset is never overwritten) with train/ and val/ tiles as GeoTIFF, classes.json (names and colours from the layer's categorized style when it has one), manifest.json (CRS, ground sampling distance, tile size, counts per class and split) and tiles.csv. docs/training.md describes the format.&lt;/p&gt;&lt;p&gt;Polygons in another CRS are reprojected; polygons outside the raster are left out and counted in the log.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Ritaglia un insieme di addestramento per un modello di copertura del suolo da un raster (il tuo ortomosaico) e dai poligoni che vi hai disegnato sopra, una classe per poligono nel &lt;i&gt;Campo della classe&lt;/i&gt;.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Tipo di modello.&lt;/b&gt; &lt;i&gt;Segmentazione&lt;/i&gt; scrive tasselli di immagine e maschere della stessa dimensione (valore della maschera = numero della classe, 255 = non etichettato, quindi disegna solo ciò di cui sei sicuro). &lt;i&gt;Patch&lt;/i&gt; scrive patch di immagine per un classificatore a patch, ciascuna etichettata con la classe che ne copre almeno il 90%.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Distanza di campionamento al suolo&lt;/b&gt;: la dimensione dei pixel dei tasselli in metri; vuota mantiene quella del raster, altrimenti il raster viene ricampionato da GDAL. Usa la risoluzione a cui classificherai.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Suddivisione spaziale.&lt;/b&gt; I tasselli sono raggruppati in blocchi quadrati (&lt;i&gt;Dimensione del blocco&lt;/i&gt;, predefinita 4 tasselli); blocchi interi vanno alla validazione finché questa contiene la &lt;i&gt;Frazione di validazione&lt;/i&gt; delle etichette, con almeno un blocco per classe. I tasselli di addestramento più vicini a un tassello di validazione del &lt;i&gt;Margine&lt;/i&gt; (predefinito un tassello) vengono esclusi, così pixel vicini non finiscono mai da entrambe le parti. Disegna ogni classe in più punti, più distanti di un blocco.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultato&lt;/b&gt;: una cartella nuova o vuota (un insieme di dati esistente non viene mai sovrascritto) con i tasselli train/ e val/ in GeoTIFF, classes.json (nomi e colori dallo stile categorizzato del layer, quando ne ha uno), manifest.json (SR, distanza di campionamento al suolo, dimensione dei tasselli, conteggi per classe e per parte) e tiles.csv. Il formato è descritto in docs/training.md.&lt;/p&gt;&lt;p&gt;I poligoni in un altro SR vengono riproiettati; i poligoni fuori dal raster vengono esclusi e contati nel log.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="110" />
      <source>Training dataset folder</source>
      <translation>Cartella del dataset di addestramento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="113" />
      <source>The name "Classify land cover" knows the model by (letters, digits, '.', '_', '-'). Empty: the dataset folder's name.</source>
      <translation>Il nome con cui "Classifica la copertura del suolo" conosce il modello (lettere, cifre, '.', '_', '-'). Vuoto: il nome della cartella del dataset.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="116" />
      <source>Epochs</source>
      <translation>Epoche</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="118" />
      <source>Batch size (tiles per step)</source>
      <translation>Dimensione del batch (tasselli per passo)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="123" />
      <source>Learning rate</source>
      <translation>Tasso di apprendimento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="125" />
      <source>Filters in the first layer (network width)</source>
      <translation>Filtri nel primo strato (larghezza della rete)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="130" />
      <source>Memory, MB</source>
      <translation>Memoria, MB</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="132" />
      <source>Random seed</source>
      <translation>Seme casuale</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="166" />
      <source>Job {id}: a {kind} model "{name}" from {dataset} ({gpu}).</source>
      <translation>Job {id}: un modello {kind} "{name}" da {dataset} ({gpu}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="168" />
      <source>on a GPU node</source>
      <translation>su un nodo con GPU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="168" />
      <source>on CPU cores</source>
      <translation>su core CPU</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="181" />
      <source>The nodes' Python has {versions}.</source>
      <translation>Il Python dei nodi ha {versions}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="192" />
      <source>Submitted as HTCondor cluster {id}.</source>
      <translation>Inviato come cluster HTCondor {id}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="210" />
      <source>Fetch trained model</source>
      <translation>Scarica il modello addestrato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="213" />
      <source>&lt;p&gt;Downloads the model and the training report of a training job that has completed (one that went on while QGIS was closed, or was resumed with "Resume SfM job"), checks the model and installs it under the job's model name, as "Train a land-cover model on the cluster" does at its end.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Scarica il modello e il rapporto di addestramento di un job di addestramento completato (uno proseguito mentre QGIS era chiuso, o ripreso con "Riprendi job SfM"), verifica il modello e lo installa con il nome del modello del job, come fa alla fine "Addestra un modello di copertura del suolo sul cluster".&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="48" />
      <source>Replace an installed model of the same name</source>
      <translation>Sostituisci un modello installato con lo stesso nome</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="53" />
      <source>Installed model (.onnx)</source>
      <translation>Modello installato (.onnx)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="54" />
      <source>Model name</source>
      <translation>Nome del modello</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="55" />
      <source>Training report</source>
      <translation>Rapporto di addestramento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="56" />
      <source>Training report (JSON)</source>
      <translation>Rapporto di addestramento (JSON)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="57" />
      <source>Validation overall accuracy</source>
      <translation>Accuratezza complessiva in validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="58" />
      <source>Validation kappa</source>
      <translation>Kappa in validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="59" />
      <source>Validation mean IoU</source>
      <translation>IoU medio in validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="68" />
      <source>Model "{name}" installed as {path}: validation OA {oa:.3f}, kappa {kappa:.3f}, mean IoU {iou:.3f} (best epoch {epoch}). Choose it by name in "Classify land cover".</source>
      <translation>Modello "{name}" installato come {path}: OA in validazione {oa:.3f}, kappa {kappa:.3f}, IoU medio {iou:.3f} (epoca migliore {epoch}). Sceglilo per nome in "Classifica la copertura del suolo".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="83" />
      <source>Train a land-cover model on the cluster</source>
      <translation>Addestra un modello di copertura del suolo sul cluster</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="86" />
      <source>training,deep learning,u-net,cnn,pytorch,gpu,htcondor,cluster,model,onnx</source>
      <translation>addestramento,deep learning,u-net,cnn,pytorch,gpu,htcondor,cluster,modello,onnx</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/training_train.py" line="89" />
      <source>&lt;p&gt;Trains a land-cover model on the HTCondor cluster of a profile from a dataset folder made by "Export training data", and installs it in your QGIS profile's model folder under &lt;i&gt;Model name&lt;/i&gt;, so that "Classify land cover" runs it when you give that name as its model.&lt;/p&gt;&lt;p&gt;Segmentation datasets train a compact U-Net, patch datasets a small patch classifier, with random flips, 90° rotations and brightness changes. After each epoch the model is checked on the validation blocks; the best epoch (mean IoU) is kept. The log and the SfM jobs panel show the epochs as they finish.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Where it runs.&lt;/b&gt; A profile with GPU nodes asks HTCondor for a GPU (request_gpus); otherwise the job runs on CPU cores (&lt;i&gt;CPU cores&lt;/i&gt;, advanced). The nodes need PyTorch and onnx: before anything is uploaded, the profile's &lt;i&gt;Node setup command&lt;/i&gt; is run on the login node and the nodes' Python must find both; when that fails, the run stops and says what to install or load there.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; The installed model (.onnx, with its classes, colours, ground resolution, tile size and normalisation), the training report (loss and metrics per epoch, per-class IoU and F1, overall accuracy, kappa and the confusion matrix on the validation blocks) and the validation figures.&lt;/p&gt;&lt;p&gt;Cancelling removes the job from the cluster queue; "Resume SfM job" continues it after the last finished epoch, and "Fetch trained model" installs its model once it has completed. When the node runs out of memory the epoch starts again with half the batch. An installed model of the same name is only replaced when you tick &lt;i&gt;Replace&lt;/i&gt;.&lt;/p&gt;</source>
      <translation>&lt;p&gt;Addestra un modello di copertura del suolo sul cluster HTCondor di un profilo a partire da una cartella di dataset creata da "Esporta dati di addestramento", e lo installa nella cartella dei modelli del tuo profilo QGIS con il &lt;i&gt;Nome del modello&lt;/i&gt;, così che "Classifica la copertura del suolo" lo esegua quando indichi quel nome come modello.&lt;/p&gt;&lt;p&gt;I dataset di segmentazione addestrano una U-Net compatta, quelli a patch un piccolo classificatore di patch, con capovolgimenti casuali, rotazioni di 90° e variazioni di luminosità. Dopo ogni epoca il modello è verificato sui blocchi di validazione; si tiene l'epoca migliore (IoU medio). Il log e il pannello dei job SfM mostrano le epoche man mano che finiscono.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Dove viene eseguito.&lt;/b&gt; Un profilo con nodi GPU chiede a HTCondor una GPU (request_gpus); altrimenti il job usa core CPU (&lt;i&gt;Core CPU&lt;/i&gt;, avanzato). I nodi richiedono PyTorch e onnx: prima di caricare qualsiasi cosa, il &lt;i&gt;Comando di preparazione del nodo&lt;/i&gt; del profilo viene eseguito sul nodo di login e il Python dei nodi deve trovarli entrambi; se non riesce, l'esecuzione si ferma e dice cosa installare o caricare.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Il modello installato (.onnx, con classi, colori, risoluzione a terra, dimensione dei tasselli e normalizzazione), il rapporto di addestramento (loss e metriche per epoca, IoU e F1 per classe, accuratezza complessiva, kappa e matrice di confusione sui blocchi di validazione) e i valori di validazione.&lt;/p&gt;&lt;p&gt;Annullare rimuove il job dalla coda del cluster; "Riprendi job SfM" lo continua dopo l'ultima epoca finita, e "Scarica il modello addestrato" ne installa il modello quando è completato. Se il nodo esaurisce la memoria, l'epoca riparte con metà batch. Un modello installato con lo stesso nome viene sostituito solo se spunti &lt;i&gt;Sostituisci&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="26" />
      <source>Fetches the SSH host key of the profile's cluster and adds it to Geomorph's known_hosts file, so that the cluster can be reached. Enter the fingerprint that the cluster's administrators publish (SHA256:...) as the expected fingerprint: the key is stored only when it matches, and this is also the way to accept a key that changed because the server was reinstalled. Without an expected fingerprint nothing is stored, and the log shows the fingerprint the server presents; once you have compared it, run again with it, or tick "Trust the key shown" (the fingerprint is written to the log before the key is stored).</source>
      <translation>Recupera la chiave host SSH del cluster del profilo e la aggiunge al file known_hosts di Geomorph, così il cluster può essere raggiunto. Inserisci come impronta attesa quella pubblicata dagli amministratori del cluster (SHA256:...): la chiave viene salvata solo se corrisponde, ed è anche il modo per accettare una chiave cambiata perché il server è stato reinstallato. Senza un'impronta attesa non viene salvato nulla e il log mostra l'impronta presentata dal server; dopo averla confrontata, esegui di nuovo indicandola, oppure spunta "Considera attendibile la chiave mostrata" (l'impronta viene scritta nel log prima di salvare la chiave).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="38" />
      <source>Expected fingerprint (SHA256:...)</source>
      <translation>Impronta attesa (SHA256:...)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="41" />
      <source>Trust the key shown, without an expected fingerprint</source>
      <translation>Considera attendibile la chiave mostrata, senza un'impronta attesa</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="42" />
      <source>Fingerprint of the trusted key</source>
      <translation>Impronta della chiave attendibile</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="43" />
      <source>known_hosts file</source>
      <translation>File known_hosts</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="55" />
      <source>{host}:{port} presents the {type} host key {fingerprint}.</source>
      <translation>{host}:{port} presenta la chiave host {type} {fingerprint}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/processing/trust_host_key.py" line="59" />
      <source>Trusted the host key {fingerprint} of {host}:{port}; stored in {path}.</source>
      <translation>Chiave host {fingerprint} di {host}:{port} considerata attendibile; memorizzata in {path}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="159" />
      <source>GDAL could not read rows {y0}-{y1} of {source}: {error}. The file may be damaged or incomplete: check it with gdalinfo -checksum, then copy or export it again.</source>
      <translation>GDAL non è riuscito a leggere le righe {y0}-{y1} di {source}: {error}. Il file potrebbe essere danneggiato o incompleto: controllalo con gdalinfo -checksum, poi copialo o esportalo di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="161" />
      <source>see GDAL's message in the log</source>
      <translation>vedi il messaggio di GDAL nel registro</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="236" />
      <source>GDAL failed to read the input raster: {error}</source>
      <translation>GDAL non è riuscito a leggere il raster di input: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="37" />
      <source>The output {path} must be a GeoTIFF (.tif): Geomorph writes Cloud Optimized GeoTIFFs.</source>
      <translation>L'output {path} deve essere un GeoTIFF (.tif): Geomorph scrive Cloud Optimized GeoTIFF.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="48" />
      <source>GDAL could not write the Cloud Optimized GeoTIFF {path}: {error}</source>
      <translation>GDAL non è riuscito a scrivere il Cloud Optimized GeoTIFF {path}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/rasters.py" line="62" />
      <source>GDAL cannot open the input raster {source}: {error}</source>
      <translation>GDAL non riesce ad aprire il raster di input {source}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="43" />
      <source>{path} is not a LAS 1.4 file, so it is not a COPC point cloud.</source>
      <translation>{path} non è un file LAS 1.4, quindi non è una nuvola di punti COPC.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="49" />
      <source>{path} is a LAS file without the COPC index: it is not a COPC point cloud.</source>
      <translation>{path} è un file LAS senza l'indice COPC: non è una nuvola di punti COPC.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="78" />
      <source>Cannot read the point cloud {path}: {error}.</source>
      <translation>Impossibile leggere la nuvola di punti {path}: {error}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="95" />
      <source>the job was prepared by an earlier version of Geomorph, whose nodes did not write COPC</source>
      <translation>il job è stato preparato da una versione precedente di Geomorph, i cui nodi non scrivevano COPC</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="97" />
      <source>the nodes did not write it</source>
      <translation>i nodi non lo hanno scritto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/copc.py" line="98" />
      <source>The point cloud was not loaded as a layer: there is no COPC file from the nodes ({reason}). This QGIS reads point clouds only as COPC, which the nodes write with PDAL or, without it, with the Python package copclib. Install one of them for the nodes (PDAL: conda install -c conda-forge pdal; copclib: python3 -m pip install --user copclib), or make it available to the jobs through the cluster profile's "Node setup command" (for example module load pdal) or "Container image", then run the job again. The PLY and LAS files are in the output folder meanwhile.</source>
      <translation>La nuvola di punti non è stata caricata come layer: i nodi non hanno prodotto alcun file COPC ({reason}). Questo QGIS legge le nuvole di punti solo in formato COPC, che i nodi scrivono con PDAL o, in sua assenza, con il pacchetto Python copclib. Installane uno per i nodi (PDAL: conda install -c conda-forge pdal; copclib: python3 -m pip install --user copclib), oppure rendilo disponibile ai job tramite il campo "Comando di preparazione del nodo" (per esempio module load pdal) o "Immagine container" del profilo del cluster, poi esegui di nuovo il job. Nel frattempo i file PLY e LAS sono nella cartella di output.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/fetch.py" line="38" />
      <source>The job {id} is {state}, not completed: there are no results to fetch yet.</source>
      <translation>Il job {id} è nello stato {state}, non completato: non ci sono ancora risultati da scaricare.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/fetch.py" line="50" />
      <source>The job {id} finished but {path} is missing on the cluster: look at the mosaic node's log in the job folder.</source>
      <translation>Il job {id} è terminato, ma {path} manca sul cluster: controlla il log del nodo mosaic nella cartella del job.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/fetch.py" line="83" />
      <source>Left out the file "{name}" of the job folder on the cluster: its name would lead out of the output folder.</source>
      <translation>Escluso il file "{name}" della cartella del job sul cluster: il suo nome porterebbe fuori dalla cartella di output.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="180" />
      <source>The node(s) {nodes} cannot start: no slot of the cluster can run them ({why}; they ask for {cpus} CPUs and {memory} MB). Cancel the job, lower the per-job caps of the cluster profile (most CPUs and memory per job) and run it again.</source>
      <translation>I nodi {nodes} non possono partire: nessuno slot del cluster può eseguirli ({why}; chiedono {cpus} CPU e {memory} MB). Annulla il job, abbassa i limiti per job del profilo del cluster (massimo di CPU e di memoria per job) ed eseguilo di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="189" />
      <source>{count} node job(s) are held by HTCondor: see condor_q -hold on the cluster.</source>
      <translation>{count} job di nodo sono sospesi (held) da HTCondor: vedi condor_q -hold sul cluster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="197" />
      <source>The job was removed from the cluster queue (condor_rm), so it was cancelled, not failed. Run "Resume SfM job" (geomorph:resumesfm) to continue it: finished nodes are not run again.</source>
      <translation>Il job è stato rimosso dalla coda del cluster (condor_rm), quindi è stato annullato, non è fallito. Esegui "Riprendi job SfM" (geomorph:resumesfm) per continuarlo: i nodi finiti non vengono rieseguiti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="242" />
      <source>The workflow failed at the node(s) {nodes}. Fix the cause, then run "Resume SfM job" (geomorph:resumesfm): finished nodes are not run again.</source>
      <translation>Il workflow non è riuscito ai nodi {nodes}. Correggi la causa, poi esegui "Riprendi job SfM" (geomorph:resumesfm): i nodi completati non vengono rieseguiti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="246" />
      <source>The workflow left the cluster queue before finishing, with no failed node: it was removed, or HTCondor was restarted. Run "Resume SfM job" (geomorph:resumesfm) to continue it.</source>
      <translation>Il workflow ha lasciato la coda del cluster prima di finire, senza nodi falliti: è stato rimosso oppure HTCondor è stato riavviato. Esegui "Riprendi job SfM" (geomorph:resumesfm) per continuarlo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="287" />
      <source>Could not reach {where} ({error}). The job {id} was {state} there and goes on without QGIS: follow it later in the SfM jobs panel or with "SfM job status", and load its results with "Fetch SfM results" when it has completed.</source>
      <translation>Impossibile raggiungere {where} ({error}). Il job {id} era {state} lì e prosegue senza QGIS: seguilo più tardi nel pannello dei job SfM o con "Stato del job SfM" e carica i suoi risultati con "Scarica i risultati SfM" quando è completato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="325" />
      <source>Lost contact with the cluster ({error}); trying again in {s} s (attempt {n}; giving up after {limit} min without an answer).</source>
      <translation>Perso il contatto con il cluster ({error}); riprovo tra {s} s (tentativo {n}; rinuncio dopo {limit} min senza risposta).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="332" />
      <source>Reconnected to {where}; following the job again.</source>
      <translation>Riconnesso a {where}; seguo di nuovo il job.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="347" />
      <source>The job {id} did not finish within {s} s.</source>
      <translation>Il job {id} non è terminato entro {s} s.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="358" />
      <source>Cancelled, but the job {id} could not be removed from the cluster queue ({error}): it goes on there. Run "Cancel SfM job" to remove it.</source>
      <translation>Annullato, ma il job {id} non è stato rimosso dalla coda del cluster ({error}): lì prosegue. Esegui "Annulla job SfM" per rimuoverlo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="360" />
      <source>Cancelled: the job {id} was removed from the cluster queue (condor_rm). Run "Resume SfM job" to continue it later.</source>
      <translation>Annullato: il job {id} è stato rimosso dalla coda del cluster (condor_rm). Esegui "Riprendi job SfM" per continuarlo in seguito.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="372" />
      <source>Cancelled by the user; run "Resume SfM job" to continue.</source>
      <translation>Annullato dall'utente; esegui "Riprendi job SfM" per continuare.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="397" />
      <source>The job {id} is still {state}: cancel it first, or wait for it to finish.</source>
      <translation>Il job {id} è ancora nello stato {state}: annullalo prima, oppure attendi che termini.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="400" />
      <source>The job {id} has already completed: fetch its results instead.</source>
      <translation>Il job {id} è già completato: scaricane invece i risultati.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="402" />
      <source>The job {id} was never submitted: run "Run SfM on the cluster" again with the same photos; the upload skips what was already sent.</source>
      <translation>Il job {id} non è mai stato inviato: esegui di nuovo "Esegui SfM sul cluster" con le stesse foto; il caricamento salta ciò che è già stato inviato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/follow.py" line="405" />
      <source>The job {id} has no rescue DAG on the cluster, so it cannot be resumed: DAGMan writes one when a workflow fails or is removed.</source>
      <translation>Il job {id} non ha un rescue DAG sul cluster, quindi non può essere ripreso: DAGMan ne scrive uno quando un workflow non riesce o viene rimosso.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="109" />
      <source>{n} s</source>
      <translation>{n} s</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="111" />
      <source>{n} min</source>
      <translation>{n} min</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="112" />
      <source>{h} h {m} min</source>
      <translation>{h} h {m} min</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="118" />
      <source>stalled for {duration}</source>
      <translation>fermo da {duration}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="119" />
      <source>running for {duration}</source>
      <translation>in esecuzione da {duration}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/node_watch.py" line="188" />
      <source>The node(s) {nodes} have written nothing for {quiet} (running for {elapsed}): they may be stuck. Geomorph does not stop them, and they may still finish. Read the end of the node's log on the cluster ({log}); if it is stuck, cancel the job (SfM jobs panel, or "Cancel SfM job") and run "Resume SfM job" later: finished nodes are not run again.</source>
      <translation>I nodi {nodes} non scrivono nulla da {quiet} (in esecuzione da {elapsed}): potrebbero essere bloccati. Geomorph non li interrompe, e potrebbero ancora finire. Leggi la fine del log del nodo sul cluster ({log}); se è bloccato, annulla il job (pannello dei job SfM, oppure "Annulla job SfM") ed esegui più tardi "Riprendi job SfM": i nodi già finiti non vengono rieseguiti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="116" />
      <source>the image {image} is a URL, which the check would have to download first</source>
      <translation>l'immagine {image} è un URL, che la verifica dovrebbe prima scaricare</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="121" />
      <source>the login node has neither apptainer nor singularity</source>
      <translation>il nodo di login non ha né apptainer né singularity</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="123" />
      <source>the login node cannot read the image {image}</source>
      <translation>il nodo di login non può leggere l'immagine {image}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="140" />
      <source>the login node {host}</source>
      <translation>il nodo di login {host}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="145" />
      <source>Preflight skipped: {why}, so whether the nodes can run {program} in the image is not checked before the upload; a node that cannot will say so in its log.</source>
      <translation>Verifica preliminare saltata: {why}, quindi prima del caricamento non si verifica se i nodi possono eseguire {program} nell'immagine; un nodo che non può lo dirà nel suo log.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="150" />
      <source>the container image {image} on {host}</source>
      <translation>l'immagine container {image} su {host}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="158" />
      <source>Checking that the nodes can run {program} did not finish on {where} within {seconds} s: check the profile's "{field}" (a command that waits for input?).</source>
      <translation>La verifica che i nodi possano eseguire {program} non è terminata su {where} entro {seconds} s: controlla "{field}" del profilo (un comando che attende un input?).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="165" />
      <source>Fill in "{field}" in Plugins &gt; Geomorph &gt; Cluster profiles for the profile "{profile}" so that it makes {program} available (for example: {example}), or set "{image_field}" to an image that has it.</source>
      <translation>Compila "{field}" in Plugin &gt; Geomorph &gt; Profili cluster per il profilo "{profile}" in modo che renda disponibile {program} (per esempio: {example}), oppure imposta "{image_field}" su un'immagine che lo contenga.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="172" />
      <source>Preflight: the nodes can run {program} ({path}, in {where}, after the node setup command).</source>
      <translation>Verifica preliminare: i nodi possono eseguire {program} ({path}, in {where}, dopo il comando di preparazione del nodo).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="175" />
      <source>Neither exiftool nor exiv2 was found in {where} after the node setup command: MicMac reads the photos' focal length and camera with them. If a step complains about them, add one with "{field}" (for example: module load exiftool) or to the container image.</source>
      <translation>Né exiftool né exiv2 sono stati trovati in {where} dopo il comando di preparazione del nodo: MicMac li usa per leggere la focale e la fotocamera delle foto. Se un passo se ne lamenta, aggiungine uno con "{field}" (per esempio: module load exiftool) o nell'immagine container.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="183" />
      <source>The cluster's nodes cannot run {engine}: "{program}" was not found in {where} after the profile's node setup command ({setup}). {fix} Nothing was uploaded.</source>
      <translation>I nodi del cluster non possono eseguire {engine}: "{program}" non è stato trovato in {where} dopo il comando di preparazione del nodo del profilo ({setup}). {fix} Non è stato caricato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="189" />
      <source>The cluster's nodes cannot run {engine}: "{path} {args}" failed in {where} with exit code {code}: {tail}. Fix that installation, or the profile's "{field}" (a module it needs?). {fix} Nothing was uploaded.</source>
      <translation>I nodi del cluster non possono eseguire {engine}: "{path} {args}" non è riuscito in {where} con codice di uscita {code}: {tail}. Correggi quell'installazione, oppure "{field}" del profilo (manca un modulo che le serve?). {fix} Non è stato caricato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="195" />
      <source>The profile's "{field}" ({setup}) failed in {where} (exit code {code}): {tail}. Correct it in Plugins &gt; Geomorph &gt; Cluster profiles for the profile "{profile}": the nodes run it before every step. Nothing was uploaded.</source>
      <translation>"{field}" del profilo ({setup}) non è riuscito in {where} (codice di uscita {code}): {tail}. Correggilo in Plugin &gt; Geomorph &gt; Profili cluster per il profilo "{profile}": i nodi lo eseguono prima di ogni passo. Non è stato caricato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="200" />
      <source>Checking that the nodes can run {program} failed in {where} (exit code {code}): {tail}. Check the profile's "{image_field}" and "{field}". Nothing was uploaded.</source>
      <translation>La verifica che i nodi possano eseguire {program} non è riuscita in {where} (codice di uscita {code}): {tail}. Controlla "{image_field}" e "{field}" del profilo. Non è stato caricato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/preflight.py" line="202" />
      <source>no output</source>
      <translation>nessun output</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/products.py" line="20" />
      <source>GDAL could not compute the hillshade of {path}.</source>
      <translation>GDAL non è riuscito a calcolare l'ombreggiatura di {path}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/products.py" line="35" />
      <source>Geomorph SfM job {id}</source>
      <translation>Job SfM di Geomorph {id}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="285" />
      <source>No node has started yet.</source>
      <translation>Nessun nodo è ancora stato avviato.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="350" />
      <source>not registered: {names}</source>
      <translation>non orientate: {names}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="351" />
      <source>Photos registered</source>
      <translation>Foto orientate</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="355" />
      <source>Why this engine</source>
      <translation>Perché questo motore</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="357" />
      <source>Surface path</source>
      <translation>Percorso della superficie</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="358" />
      <source>GSD of the photos</source>
      <translation>GSD delle foto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="358" />
      <source>Orthomosaic GSD</source>
      <translation>GSD dell'ortomosaico</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="359" />
      <source>DSM GSD</source>
      <translation>GSD del DSM</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="365" />
      <source>(max {value})</source>
      <translation>(max {value})</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="366" />
      <source>GPS residual (median)</source>
      <translation>Residuo GPS (mediana)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="369" />
      <source>GSD of the photos at full size</source>
      <translation>GSD delle foto a piena risoluzione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="371" />
      <source>DSM matched (not interpolated)</source>
      <translation>DSM misurato (non interpolato)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="372" />
      <source>{share:.1f}% of the photos' footprint</source>
      <translation>{share:.1f}% dell'impronta delle foto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="374" />
      <source>Of which matched by the vegetation fill (PIMs Forest)</source>
      <translation>Di cui misurato dal riempimento della vegetazione (PIMs Forest)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="375" />
      <source>{area:.0f} m²</source>
      <translation>{area:.0f} m²</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="377" />
      <source>Of which by its pairs across the flight lines</source>
      <translation>Di cui dalle sue coppie tra strisciate adiacenti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="380" />
      <source>DSM against the tie points (median |dZ|)</source>
      <translation>DSM rispetto ai punti di legame (mediana |dZ|)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="381" />
      <source>{value} over {n} tie points</source>
      <translation>{value} su {n} punti di legame</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="384" />
      <source>Points</source>
      <translation>Punti</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="386" />
      <source>CRS</source>
      <translation>SR</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="413" />
      <source>Wall time {minutes} min, {nodes} DAG nodes, {runs} HTCondor jobs (retries included), {hosts} execute hosts.</source>
      <translation>Tempo trascorso {minutes} min, {nodes} nodi DAG, {runs} job HTCondor (tentativi ripetuti inclusi), {hosts} host di esecuzione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="422" />
      <source>Result</source>
      <translation>Risultato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="428" />
      <source>DAG state: {state}; {done} of {total} nodes done, {failed} failed.</source>
      <translation>Stato del DAG: {state}; {done} di {total} nodi completati, {failed} non riusciti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="433" />
      <source>step</source>
      <translation>passaggio</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="433" />
      <source>nodes</source>
      <translation>nodi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="433" />
      <source>jobs</source>
      <translation>job</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="433" />
      <source>failed or evicted jobs</source>
      <translation>job non riusciti o espulsi</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="433" />
      <source>hosts</source>
      <translation>host</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="434" />
      <source>wall time (min)</source>
      <translation>tempo trascorso (min)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="434" />
      <source>slot time (min)</source>
      <translation>tempo di slot (min)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="444" />
      <source>overall</source>
      <translation>complessivo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="448" />
      <source>DAG nodes over time</source>
      <translation>Nodi DAG nel tempo</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="450" />
      <source>Red bars are runs that failed, were evicted or removed; DAGMan retried them where the node has a RETRY.</source>
      <translation>Le barre rosse sono esecuzioni non riuscite, espulse o rimosse; DAGMan le ha ripetute dove il nodo ha un RETRY.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/report.py" line="505" />
      <source>Geomorph SfM job {name}</source>
      <translation>Job SfM di Geomorph {name}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="58" />
      <source>uploading</source>
      <translation>in caricamento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="58" />
      <source>submitted</source>
      <translation>inviato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="58" />
      <source>running</source>
      <translation>in esecuzione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="59" />
      <source>waiting for a slot</source>
      <translation>in attesa di uno slot</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="59" />
      <source>failed</source>
      <translation>non riuscito</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="59" />
      <source>completed</source>
      <translation>completato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="60" />
      <source>cancelled</source>
      <translation>annullato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/states.py" line="60" />
      <source>fetched</source>
      <translation>scaricato</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="127" />
      <source>{state}: {done}/{total} nodes done</source>
      <translation>{state}: {done}/{total} nodi completati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="146" />
      <source>no match attempt yet</source>
      <translation>ancora nessun tentativo di abbinamento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="148" />
      <source>  {node}: cannot start, no slot can run it ({why})</source>
      <translation>  {node}: non può partire, nessuno slot può eseguirlo ({why})</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="150" />
      <source>  {node}: waiting for a slot for {minutes} min ({why})</source>
      <translation>  {node}: in attesa di uno slot da {minutes} min ({why})</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="162" />
      <source>  {node}: {stalled}, no output (running for {elapsed}); its log: {log}</source>
      <translation>  {node}: {stalled}, nessun output (in esecuzione da {elapsed}); il suo log: {log}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="166" />
      <source>  {node}: {running}, last output {quiet} ago</source>
      <translation>  {node}: {running}, ultimo output {quiet} fa</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="176" />
      <source>training: {state}, epoch {epoch}/{epochs}</source>
      <translation>addestramento: {state}, epoca {epoch}/{epochs}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="179" />
      <source>epoch {epoch}/{epochs}: loss {loss:.4f}, validation OA {oa:.3f}, kappa {kappa:.3f}, mean IoU {iou:.3f} ({rate:.1f} images/s)</source>
      <translation>epoca {epoch}/{epochs}: loss {loss:.4f}, OA in validazione {oa:.3f}, kappa {kappa:.3f}, IoU medio {iou:.3f} ({rate:.1f} immagini/s)</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="191" />
      <source>The job {id} was cancelled while this run waited for it. {message}</source>
      <translation>Il job {id} è stato annullato mentre questa esecuzione lo attendeva. {message}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/sfm/status.py" line="193" />
      <source>The job {id} {state}: {message}</source>
      <translation>Il job {id}: {state}: {message}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/classes.py" line="82" />
      <source>The polygons hold {n} class ({names}): a model needs at least two. Draw polygons of the other classes too (for example water and vegetation besides terrain), or choose the right class field.</source>
      <translation>I poligoni contengono {n} classe ({names}): un modello ne richiede almeno due. Disegna anche poligoni delle altre classi (per esempio acqua e vegetazione oltre al terreno), oppure scegli il campo della classe giusto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/classes.py" line="87" />
      <source>The polygons hold {n} classes, more than the {m} a training mask can hold. Merge classes, or choose the right class field.</source>
      <translation>I poligoni contengono {n} classi, più delle {m} che una maschera di addestramento può contenere. Unisci delle classi, oppure scegli il campo della classe giusto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="100" />
      <source>The dataset {folder} has {n} class(es); a classifier needs at least two. Label at least two classes and export again.</source>
      <translation>Il dataset {folder} ha {n} classe/i; un classificatore ne richiede almeno due. Etichetta almeno due classi ed esporta di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="103" />
      <source>training</source>
      <translation>addestramento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="103" />
      <source>validation</source>
      <translation>validazione</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="105" />
      <source>The dataset {folder} has no {side} tiles. Export it again with polygons in more places.</source>
      <translation>Il dataset {folder} non ha tasselli di {side}. Esportalo di nuovo con poligoni in più punti.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="108" />
      <source>The dataset {folder} has no tiles.csv.</source>
      <translation>Il dataset {folder} non ha tiles.csv.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="173" />
      <source>A model called "{name}" is already installed ({path}). Choose another name, or tick "Replace an installed model of the same name".</source>
      <translation>Un modello chiamato "{name}" è già installato ({path}). Scegli un altro nome, oppure spunta "Sostituisci un modello installato con lo stesso nome".</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="176" />
      <source>The number of epochs and the batch size must be at least 1.</source>
      <translation>Il numero di epoche e la dimensione del batch devono essere almeno 1.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="178" />
      <source>The U-Net needs tiles whose size is a multiple of 8, not {size}: export the dataset again with another tile size.</source>
      <translation>La U-Net richiede tasselli di dimensione multipla di 8, non {size}: esporta di nuovo il dataset con un'altra dimensione dei tasselli.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="208" />
      <source>PyTorch (torch) and onnx cannot be imported on {where} after the cluster profile's node setup command ({setup}): {error}. Install them on the nodes (Debian/Ubuntu: python3-torch python3-onnx; or pip install torch onnx), or put what makes them available (module load, conda activate...) into the profile's "Node setup command" field in Plugins &gt; Geomorph &gt; Cluster profiles. Nothing was uploaded.</source>
      <translation>PyTorch (torch) e onnx non si possono importare su {where} dopo il comando di preparazione dei nodi del profilo ({setup}): {error}. Installali sui nodi (Debian/Ubuntu: python3-torch python3-onnx; oppure pip install torch onnx), oppure metti ciò che li rende disponibili (module load, conda activate...) nel campo "Comando di preparazione del nodo" del profilo in Plugins &gt; Geomorph &gt; Cluster profiles. Non è stato caricato nulla.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="213" />
      <source>empty</source>
      <translation>vuoto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="233" />
      <source>A model called "{name}" is already installed ({path}): the trained model stays in {source}. Fetch again with "Replace an installed model of the same name", or copy it yourself.</source>
      <translation>Un modello chiamato "{name}" è già installato ({path}): il modello addestrato resta in {source}. Scaricalo di nuovo con "Sostituisci un modello installato con lo stesso nome", oppure copialo tu.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="261" />
      <source>The job {id} is not a training job.</source>
      <translation>Il job {id} non è un job di addestramento.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="263" />
      <source>The job {id} is {state}, not completed: there is no model to fetch yet.</source>
      <translation>Il job {id} è {state}, non completato: non c'è ancora un modello da scaricare.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="86" />
      <source>Make one with "Export training data" (geomorph:exporttrainingdata) and give that folder.</source>
      <translation>Creane uno con "Esporta dati di addestramento" (geomorph:exporttrainingdata) e indica quella cartella.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="88" />
      <source>{folder} is not a training dataset: it has no manifest.json.</source>
      <translation>{folder} non è un dataset di addestramento: non ha manifest.json.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="93" />
      <source>The dataset manifest {path} cannot be read ({error}).</source>
      <translation>Il manifest del dataset {path} non si può leggere ({error}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/cluster_job.py" line="96" />
      <source>{path} is not a Geomorph training dataset manifest (format {format} version 1).</source>
      <translation>{path} non è un manifest di dataset di addestramento Geomorph (formato {format} versione 1).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="132" />
      <source>Cannot write {path}: {error}</source>
      <translation>Impossibile scrivere {path}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="163" />
      <source>The tile size must be between 8 and 4096 pixels (for example 256). Change it and run again.</source>
      <translation>La dimensione dei tasselli deve essere compresa tra 8 e 4096 pixel (per esempio 256). Modificala ed esegui di nuovo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="166" />
      <source>The validation fraction must be between 0 and 1 (for example 0.2).</source>
      <translation>La frazione di validazione deve essere compresa tra 0 e 1 (per esempio 0.2).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="168" />
      <source>input raster</source>
      <translation>raster di ingresso</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="175" />
      <source>The raster is {w} x {h} pixels at {gsd:g} m, smaller than one tile of {t} pixels. Choose a smaller tile size or a finer ground sampling distance.</source>
      <translation>Il raster è di {w} x {h} pixel a {gsd:g} m, più piccolo di un tassello di {t} pixel. Scegli una dimensione dei tasselli più piccola o una distanza di campionamento al suolo più fine.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="178" />
      <source>training polygons</source>
      <translation>poligoni di addestramento</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="180" />
      <source>The polygons are in {src}, the raster in {dst}: the polygons are reprojected to the raster's CRS.</source>
      <translation>I poligoni sono in {src}, il raster in {dst}: i poligoni vengono riproiettati nel SR del raster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="183" />
      <source>{n} polygons have no class value and are left out.</source>
      <translation>{n} poligoni non hanno un valore di classe e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="187" />
      <source>None of the {n} polygons overlaps the raster, which covers ({x0:.1f}, {y0:.1f}) - ({x1:.1f}, {y1:.1f}) in its CRS. Draw the labels on this raster, and check that the polygon layer has the right CRS.</source>
      <translation>Nessuno dei {n} poligoni si sovrappone al raster, che copre ({x0:.1f}, {y0:.1f}) - ({x1:.1f}, {y1:.1f}) nel suo SR. Disegna le etichette su questo raster, e controlla che il layer dei poligoni abbia il SR corretto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="192" />
      <source>{n} polygons lie outside the raster and are left out.</source>
      <translation>{n} poligoni sono fuori dal raster e vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="197" />
      <source>{k} classes: {names}.</source>
      <translation>{k} classi: {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="206" />
      <source>The raster ({native:g} m) is resampled to {gsd:g} m by GDAL's warper ({method}).</source>
      <translation>Il raster ({native:g} m) viene ricampionato a {gsd:g} m dal warper di GDAL ({method}).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="220" />
      <source>No tile of {t} pixels holds enough labels ({what}). Draw larger polygons, or choose a smaller tile size.</source>
      <translation>Nessun tassello di {t} pixel contiene abbastanza etichette ({what}). Disegna poligoni più grandi, oppure scegli una dimensione dei tasselli più piccola.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="222" />
      <source>at least 1% labelled pixels</source>
      <translation>almeno l'1% di pixel etichettati</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="223" />
      <source>one class over 90% of the patch</source>
      <translation>una classe oltre il 90% della patch</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="225" />
      <source>Spatial split: blocks of {b} x {b} tiles ({m:g} m), {v} validation and {n} training tiles; {d} training tiles within {buf:g} m of a validation tile are left out.</source>
      <translation>Suddivisione spaziale: blocchi di {b} x {b} tasselli ({m:g} m), {v} tasselli di validazione e {n} di addestramento; {d} tasselli di addestramento entro {buf:g} m da un tassello di validazione vengono esclusi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="238" />
      <source>Cancelled: no dataset was written.</source>
      <translation>Annullato: nessun insieme di dati è stato scritto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="343" />
      <source>The classes {names} have no samples in the {side} blocks. Draw polygons of them in more places, at least two areas more than {block:g} m apart, or choose a smaller block size.</source>
      <translation>Le classi {names} non hanno campioni nei blocchi di {side}. Disegnane poligoni in più punti, almeno due aree distanti più di {block:g} m, oppure scegli una dimensione del blocco più piccola.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="351" />
      <source>{name}: {train} training and {val} validation {unit}.</source>
      <translation>{name}: {train} {unit} di addestramento e {val} di validazione.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="85" />
      <source>The dataset folder {path} already exists and is not empty. Geomorph never writes over an existing dataset: choose a new folder name, or an empty folder.</source>
      <translation>La cartella dell'insieme di dati {path} esiste già e non è vuota. Geomorph non sovrascrive mai un insieme di dati esistente: scegli un nuovo nome di cartella, oppure una cartella vuota.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/training/export.py" line="95" />
      <source>The ground sampling distance must be positive (metres per pixel). Leave it empty to keep the raster's own.</source>
      <translation>La distanza di campionamento al suolo deve essere positiva (metri per pixel). Lasciala vuota per mantenere quella del raster.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/vectors.py" line="122" />
      <source>Cannot create a temporary file in {path}: {error}</source>
      <translation>Impossibile creare un file temporaneo in {path}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/vectors.py" line="26" />
      <source>GDAL cannot open the vector layer {source}: {error}</source>
      <translation>GDAL non riesce ad aprire il layer vettoriale {source}: {error}</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/vectors.py" line="36" />
      <source>The layer {label} has no field {field}. Choose its class field among: {names}.</source>
      <translation>Il layer {label} non ha il campo {field}. Scegli il suo campo della classe tra: {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/vectors.py" line="78" />
      <source>A feature of {label} could not be reprojected to the raster's CRS. Check the layer's CRS (Layer Properties &gt; Source).</source>
      <translation>Un elemento di {label} non può essere riproiettato nel SR del raster. Controlla il SR del layer (Proprietà del layer &gt; Sorgente).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/dag.py" line="107" />
      <source>The cluster profile's {} must fit on one line.</source>
      <translation>Il campo {} del profilo cluster deve stare su una sola riga.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/dag.py" line="255" />
      <source>The chunk sizes must be at least 1.</source>
      <translation>Le dimensioni dei blocchi devono essere almeno 1.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="103" />
      <source>COLMAP dense, as chosen: dense matching runs on the profile's GPU nodes.</source>
      <translation>COLMAP denso, come scelto: le corrispondenze dense girano sui nodi GPU del profilo.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="105" />
      <source>COLMAP sparse fast path, as chosen: the DSM and orthomosaic come from the sparse tie points without dense matching, quick but without kerbs, trees or boulders.</source>
      <translation>COLMAP percorso rapido sparso, come scelto: il DSM e l'ortomosaico derivano dai punti di legame sparsi senza corrispondenze dense, veloce ma senza cordoli, alberi né massi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="43" />
      <source>Auto</source>
      <translation>Auto</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="45" />
      <source>COLMAP</source>
      <translation>COLMAP</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="53" />
      <source>The engine option {index} does not exist: use 0 (Auto), 1 (MicMac), 2 (COLMAP) or 3 (COLMAP sparse fast path).</source>
      <translation>L'opzione di motore {index} non esiste: usa 0 (Auto), 1 (MicMac), 2 (COLMAP) o 3 (COLMAP percorso rapido sparso).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="74" />
      <source>MicMac</source>
      <translation>MicMac</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="76" />
      <source>COLMAP dense</source>
      <translation>COLMAP denso</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="76" />
      <source>COLMAP sparse fast path</source>
      <translation>COLMAP percorso rapido sparso</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="89" />
      <source>COLMAP dense (Auto): the profile has GPU nodes, so dense matching runs on them.</source>
      <translation>COLMAP denso (Auto): il profilo ha nodi GPU, quindi le corrispondenze dense girano su di essi.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="91" />
      <source>MicMac (Auto): the profile has no GPU nodes, so the dense DSM comes from MicMac on CPU nodes.</source>
      <translation>MicMac (Auto): il profilo non ha nodi GPU, quindi il DSM denso viene da MicMac sui nodi CPU.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="94" />
      <source>MicMac, as chosen: the dense DSM comes from MicMac on CPU nodes (it needs no GPU nodes).</source>
      <translation>MicMac, come scelto: il DSM denso viene da MicMac sui nodi CPU (non servono nodi GPU).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engine_choice.py" line="98" />
      <source>The COLMAP engine matches densely on GPU nodes (CUDA), but the cluster profile has none. If your cluster has GPU nodes, tick "The cluster has GPU nodes (CUDA)" in Plugins &gt; Geomorph &gt; Cluster profiles; otherwise choose the engine "MicMac" (a dense DSM on CPU nodes) or "COLMAP sparse fast path" (quick, from the tie points only).</source>
      <translation>Il motore COLMAP calcola le corrispondenze dense sui nodi GPU (CUDA), ma il profilo del cluster non ne ha. Se il tuo cluster ha nodi GPU, spunta "Il cluster ha nodi GPU (CUDA)" in Plugin &gt; Geomorph &gt; Profili cluster; altrimenti scegli il motore "MicMac" (un DSM denso sui nodi CPU) o "COLMAP percorso rapido sparso" (veloce, solo dai punti di legame).</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/engines.py" line="27" />
      <source>Unknown photogrammetry engine "{name}": choose one of {names}.</source>
      <translation>Motore fotogrammetrico sconosciuto "{name}": scegline uno tra {names}.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/photos.py" line="139" />
      <source>The photo folder {} does not exist: choose the folder that holds the UAV photos.</source>
      <translation>La cartella delle foto {} non esiste: scegli la cartella che contiene le foto da drone.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/photos.py" line="144" />
      <source>No photos (.jpg, .jpeg, .tif) in {}: choose the folder that holds the UAV photos.</source>
      <translation>Nessuna foto (.jpg, .jpeg, .tif) in {}: scegli la cartella che contiene le foto da drone.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/photos.py" line="153" />
      <source>Cancelled while reading the photos.</source>
      <translation>Annullato durante la lettura delle foto.</translation>
    </message>
    <message>
      <location filename="../geomorph_plugin/workflow/photos.py" line="162" />
      <source>Only {} of the {} photos in {} have a GPS position in their EXIF, and georeferencing needs at least {}. Use the original geotagged photos from the drone (image editors often strip EXIF), or geotag them first (e.g. with exiftool from the flight log).</source>
      <translation>Solo {} delle {} foto in {} hanno una posizione GPS nei dati EXIF, e la georeferenziazione ne richiede almeno {}. Usa le foto originali georeferenziate del drone (gli editor di immagini spesso rimuovono i dati EXIF), oppure georeferenziale prima (ad es. con exiftool a partire dal log di volo).</translation>
    </message>
    <message>
      <source>&lt;p&gt;&lt;b&gt;Interpolated cells.&lt;/b&gt; A DSM made by &lt;i&gt;Run SfM&lt;/i&gt; with MicMac has a second band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees or over water. Cells interpolated in either DEM are left out (no data in the DoD, not counted in the areas and volumes): their difference would be the interpolation's, not the ground's.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;&lt;b&gt;Celle interpolate.&lt;/b&gt; Un DSM prodotto da &lt;i&gt;Esegui SfM&lt;/i&gt; con MicMac ha una seconda banda che indica quali celle sono state abbinate (1) e quali il matcher ha interpolato (0), per esempio sotto gli alberi o sull'acqua. Le celle interpolate in uno dei due DEM sono escluse (senza dati nel DoD, non contate in aree e volumi): la loro differenza sarebbe quella dell'interpolazione, non del terreno.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;&lt;b&gt;Interpolated cells.&lt;/b&gt; A DSM made by &lt;i&gt;Run SfM&lt;/i&gt; with MicMac has a second band that says which cells were matched (1) and which the matcher interpolated (0), e.g. under trees or over water. Only matched cells are sampled as stable ground, and the aligned DEM keeps only them: an interpolated surface is not terrain.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;&lt;b&gt;Celle interpolate.&lt;/b&gt; Un DSM prodotto da &lt;i&gt;Esegui SfM&lt;/i&gt; con MicMac ha una seconda banda che indica quali celle sono state abbinate (1) e quali il matcher ha interpolato (0), per esempio sotto gli alberi o sull'acqua. Solo le celle abbinate sono campionate come terreno stabile, e il DEM allineato conserva solo quelle: una superficie interpolata non è terreno.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;&lt;b&gt;Trees in the MicMac DSM.&lt;/b&gt; Malt matches the ground seen from all photos at once, which fails on tree crowns: there it interpolates. Beside each Malt tile, MicMac's per-photo matching made for vegetation (PIMs Forest, merged by PIMs2Mnt) fills those cells with the canopy it matched. Band 2 of the DSM says which cells were matched (1) and which are still interpolated (0); the change algorithms leave the interpolated ones out. On bare ground the fill can be switched off with pims_zoom 0 in the cluster profile's extra settings.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;&lt;b&gt;Alberi nel DSM di MicMac.&lt;/b&gt; Malt fa la correlazione del terreno visto da tutte le foto insieme, e sulle chiome degli alberi fallisce: lì interpola. Accanto a ogni tassello di Malt, la correlazione per singola foto di MicMac pensata per la vegetazione (PIMs Forest, unita da PIMs2Mnt) riempie quelle celle con la chioma che ha trovato. La banda 2 del DSM dice quali celle sono misurate (1) e quali restano interpolate (0); gli algoritmi di cambiamento escludono quelle interpolate. Su terreno nudo il riempimento si può disattivare con pims_zoom 0 nelle impostazioni aggiuntive del profilo del cluster.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Aligns a DEM onto a reference DEM before you compare them. Two surveys are never georeferenced exactly alike: without this step most of the 'change' in a DEM of difference is a shift.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Stable terrain.&lt;/b&gt; The shift is measured where nothing should have changed: give polygons of stable ground, or a land-cover raster and the names (or values) of its stable classes, e.g. &lt;i&gt;Highway, Industrial&lt;/i&gt;. Without either, the whole overlap is used, which is right only when little changed.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Method.&lt;/b&gt; Nuth &amp; Kääb (2011): the elevation difference dh on slopes is a cosine of the aspect whose amplitude and phase give the horizontal shift; it is fitted (robustly, outliers beyond 3 NMAD dropped), the DEM is resampled at the new shift and the fit repeated until the shift changes by less than 0.01 pixel. The vertical bias is the median dh after the shift; with &lt;i&gt;Remove a tilt&lt;/i&gt; a plane is fitted to dh instead. Statistics use medians and the NMAD (1.4826 x median absolute deviation), as xDEM does, because the mean and standard deviation are wrecked by the cells that did change.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output.&lt;/b&gt; The aligned DEM (a Cloud Optimized GeoTIFF). In the reference's CRS its cells are the input's own, moved (no resampling); in another CRS it is resampled onto the reference's grid. The shift and the stable-ground statistics are stored in the GeoTIFF's metadata, so that &lt;i&gt;DEM of difference&lt;/i&gt; can take the DEM's uncertainty from the co-registration. The report (HTML) gives dx, dy, dz and the median and NMAD of dh before and after, with histograms. Both DEMs need a projected CRS (metres).&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;Allinea un DEM su un DEM di riferimento prima di confrontarli. Due rilievi non sono mai georeferenziati esattamente allo stesso modo: senza questo passo gran parte del 'cambiamento' in un DEM delle differenze è uno spostamento.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Terreno stabile.&lt;/b&gt; Lo spostamento si misura dove nulla dovrebbe essere cambiato: indica poligoni di terreno stabile, oppure un raster di copertura del suolo e i nomi (o i valori) delle sue classi stabili, per esempio &lt;i&gt;Highway, Industrial&lt;/i&gt;. Senza nessuno dei due si usa tutta la sovrapposizione, il che va bene solo se è cambiato poco.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Metodo.&lt;/b&gt; Nuth &amp; Kääb (2011): sui pendii la differenza di quota dh è un coseno dell'esposizione, la cui ampiezza e fase danno lo spostamento orizzontale; viene stimato (in modo robusto, scartando i valori oltre 3 NMAD), il DEM viene ricampionato al nuovo spostamento e la stima ripetuta finché lo spostamento cambia di meno di 0.01 pixel. Lo scarto verticale è la mediana di dh dopo lo spostamento; con &lt;i&gt;Rimuovi un'inclinazione&lt;/i&gt; si adatta invece un piano a dh. Le statistiche usano mediane e la NMAD (1.4826 x deviazione assoluta mediana), come xDEM, perché media e deviazione standard sono falsate dalle celle che sono davvero cambiate.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultato.&lt;/b&gt; Il DEM allineato (un Cloud Optimized GeoTIFF). Nel SR del riferimento le sue celle sono quelle originali, spostate (senza ricampionamento); in un altro SR viene ricampionato sulla griglia del riferimento. Lo spostamento e le statistiche sul terreno stabile sono salvati nei metadati del GeoTIFF, così che &lt;i&gt;DEM delle differenze&lt;/i&gt; possa ricavare l'incertezza del DEM dalla coregistrazione. Il rapporto (HTML) riporta dx, dy, dz e mediana e NMAD di dh prima e dopo, con istogrammi. Entrambi i DEM richiedono un SR proiettato (metri).&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Runs a convolutional neural network exported to ONNX over a raster and writes a class raster (a Cloud Optimized GeoTIFF with a colour table, class names and a raster attribute table) that loads as a paletted layer with the model's colours and legend.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Models.&lt;/b&gt; Three kinds are supported: &lt;i&gt;patch classifiers&lt;/i&gt; (EuroSAT-style VGG/ResNet on 64x64 patches: one output cell per patch), &lt;i&gt;multi-label classifiers&lt;/i&gt; (BigEarthNet-style: the dominant class plus one presence band per class) and &lt;i&gt;segmentation&lt;/i&gt; nets (U-Net, DeepGlobe-style: one class per pixel). Leave MODEL empty for the bundled EuroSAT RGB model (10 m Sentinel-2 classes), or give an .onnx file or an https URL (downloaded once into the QGIS profile; add #sha256=&amp;lt;hex&amp;gt; to have it verified).&lt;/p&gt;&lt;p&gt;&lt;b&gt;The model contract.&lt;/b&gt; The model's ONNX metadata says its type, class names and colours, input bands, value scaling (e.g. /255 or /10000), mean and std, ground resolution in metres and patch size (see docs/model-contract.md). Deepness models are read as they are. The input is resampled to the model's resolution over the extent (a 2 cm drone mosaic is averaged to 10 m for a EuroSAT model); the output is in the input's CRS, which must be projected (reproject a lat/lon raster to UTM first). Input nodata stays nodata. 16-bit imagery works with the model's value_scale.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Device.&lt;/b&gt; Auto uses the GPU when onnxruntime-gpu sees one, else the CPU; GPU fails with an explanation when no GPU can be used; the log always says which execution provider ran and why. BATCH_SIZE tiles go through the network at once (larger is faster on a GPU, uses more memory).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Overlap&lt;/b&gt; (segmentation only, percent of the tile): neighbouring tiles overlap and their class probabilities are blended with weights that fade towards tile edges, so no seams show. Empty uses the model's tiles_overlap or 15%.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; OUTPUT: the class raster. OUTPUT_PROBABILITIES (optional): one float band per class plus a confidence band (the highest probability). OUTPUT_REPORT (optional): area per class in hectares, as HTML or CSV depending on the file name. Memory stays bounded on any extent: results are streamed to disk row by row.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;Esegue su un raster una rete neurale convoluzionale esportata in ONNX e scrive un raster delle classi (un Cloud Optimized GeoTIFF con tabella dei colori, nomi delle classi e tabella degli attributi raster) che si carica come layer con tavolozza (valori univoci) con i colori e la legenda del modello.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Modelli.&lt;/b&gt; Sono supportati tre tipi: &lt;i&gt;classificatori di patch&lt;/i&gt; (VGG/ResNet in stile EuroSAT su patch 64x64: una cella di output per patch), &lt;i&gt;classificatori multi-etichetta&lt;/i&gt; (in stile BigEarthNet: la classe dominante più una banda di presenza per classe) e reti di &lt;i&gt;segmentazione&lt;/i&gt; (U-Net, in stile DeepGlobe: una classe per pixel). Lascia MODEL vuoto per usare il modello EuroSAT RGB incluso (classi Sentinel-2 a 10 m), oppure indica un file .onnx o un URL https (scaricato una sola volta nel profilo QGIS; aggiungi #sha256=&amp;lt;hex&amp;gt; per farlo verificare).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Il contratto del modello.&lt;/b&gt; I metadati ONNX del modello ne indicano il tipo, i nomi e i colori delle classi, le bande di input, la scalatura dei valori (ad es. /255 o /10000), media e deviazione standard, la risoluzione al suolo in metri e la dimensione delle patch (vedi docs/model-contract.md). I modelli Deepness vengono letti così come sono. L'input viene ricampionato alla risoluzione del modello sull'estensione (un mosaico da drone a 2 cm viene mediato a 10 m per un modello EuroSAT); l'output è nel SR dell'input, che deve essere proiettato (riproietta prima in UTM un raster in lat/lon). I NoData dell'input restano NoData. Le immagini a 16 bit funzionano con il value_scale del modello.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Dispositivo.&lt;/b&gt; Auto usa la GPU quando onnxruntime-gpu ne vede una, altrimenti la CPU; GPU termina con una spiegazione quando non è possibile usare alcuna GPU; il log indica sempre quale execution provider è stato usato e perché. BATCH_SIZE tasselli attraversano la rete in una volta sola (valori più grandi sono più veloci su GPU, ma usano più memoria).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Sovrapposizione&lt;/b&gt; (solo segmentazione, percentuale del tassello): i tasselli vicini si sovrappongono e le loro probabilità di classe vengono fuse con pesi che diminuiscono verso i bordi dei tasselli, così non si vedono giunture. Se vuoto, usa il tiles_overlap del modello o il 15%.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output.&lt;/b&gt; OUTPUT: il raster delle classi. OUTPUT_PROBABILITIES (facoltativo): una banda float per classe più una banda di confidenza (la probabilità più alta). OUTPUT_REPORT (facoltativo): area per classe in ettari, come HTML o CSV a seconda del nome del file. La memoria resta limitata su qualsiasi estensione: i risultati vengono scritti su disco riga per riga.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Subtracts the old DEM from the new one (new - old: erosion is negative, deposition positive) on the old DEM's grid, resampling the new one with GDAL (cubic convolution) when the grids or CRSs differ, and keeps only the change that the surveys' errors cannot explain.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Uncertainty of each DEM&lt;/b&gt; (standard deviation of its elevation error, metres): a constant, a raster, or &lt;i&gt;from the co-registration&lt;/i&gt;: the NMAD of dh on stable ground that &lt;i&gt;Co-register DEMs&lt;/i&gt; stored in the aligned DEM, split evenly between the two DEMs (each gets NMAD / sqrt(2), so together they give the NMAD back).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Level of detection.&lt;/b&gt; Errors of the two DEMs are taken as independent: sigma_dz = sqrt(sigma_new² + sigma_old²). A cell's change is detected when |dz| &gt; LoD = t x sigma_dz, with t from the confidence (1.96 for 0.95). &lt;i&gt;Probabilistic&lt;/i&gt; (as in GCD) computes each cell's probability that its change is real, P = erf(|dz| / (sigma_dz sqrt 2)), keeps the cells with P at least the confidence and can write P as a raster (no spatial-coherence updating).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Volumes and their uncertainty.&lt;/b&gt; Erosion and deposition volumes are A x sum of dz over the detected cells of each kind (A = cell area); net = deposition - erosion. Their uncertainty assumes errors uncorrelated from cell to cell: sigma_V = A x sqrt(sum of sigma_dz_i²). That is a lower bound when errors are spatially correlated (a residual tilt or bias after co-registration): the report also gives the fully correlated upper bound, A x sum of sigma_dz_i. The uncorrelated figure is the one returned as the uncertainty outputs.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Budgets&lt;/b&gt; (GCD's budget segregation): give a class raster (e.g. the land cover; class names are read from the raster) or polygons (with a field naming them) to get the budget per class or per polygon as well as the total.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; The thresholded DoD (a Cloud Optimized GeoTIFF: 0 = no detectable change, nodata where either DEM has none) styled with a diverging red-white-blue ramp (a .qml beside it, which QGIS loads by default); an HTML report with the budget and the area and volume histograms of the elevation change; a CSV of the budget. It reads the rasters in stripes, so memory stays bounded on any size.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;Sottrae il DEM vecchio da quello nuovo (nuovo - vecchio: l'erosione è negativa, il deposito positivo) sulla griglia del DEM vecchio, ricampionando il nuovo con GDAL (convoluzione cubica) quando griglie o SR differiscono, e tiene solo il cambiamento che gli errori dei rilievi non possono spiegare.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Incertezza di ciascun DEM&lt;/b&gt; (deviazione standard del suo errore di quota, metri): una costante, un raster, oppure &lt;i&gt;dalla coregistrazione&lt;/i&gt;: la NMAD di dh sul terreno stabile che &lt;i&gt;Coregistra DEM&lt;/i&gt; ha salvato nel DEM allineato, ripartita in parti uguali tra i due DEM (ciascuno riceve NMAD / sqrt(2), così insieme restituiscono la NMAD).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Livello di rilevabilità.&lt;/b&gt; Gli errori dei due DEM sono considerati indipendenti: sigma_dz = sqrt(sigma_nuovo² + sigma_vecchio²). Il cambiamento di una cella è rilevato quando |dz| &gt; LoD = t x sigma_dz, con t ricavato dalla confidenza (1.96 per 0.95). &lt;i&gt;Probabilistica&lt;/i&gt; (come in GCD) calcola per ogni cella la probabilità che il cambiamento sia reale, P = erf(|dz| / (sigma_dz sqrt 2)), tiene le celle con P almeno pari alla confidenza e può scrivere P come raster (senza aggiornamento per coerenza spaziale).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Volumi e loro incertezza.&lt;/b&gt; I volumi di erosione e deposito sono A x somma di dz sulle celle rilevate di ciascun tipo (A = area della cella); netto = deposito - erosione. La loro incertezza assume errori non correlati da cella a cella: sigma_V = A x sqrt(somma di sigma_dz_i²). È un limite inferiore quando gli errori sono correlati nello spazio (un'inclinazione o uno scarto residui dopo la coregistrazione): il rapporto fornisce anche il limite superiore per errori del tutto correlati, A x somma di sigma_dz_i. Il valore non correlato è quello restituito come incertezza.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bilanci&lt;/b&gt; (la segregazione del bilancio di GCD): indica un raster delle classi (es. la copertura del suolo; i nomi delle classi sono letti dal raster) o dei poligoni (con un campo che li nomina) per avere il bilancio per classe o per poligono oltre al totale.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Il DoD con soglia (un Cloud Optimized GeoTIFF: 0 = nessun cambiamento rilevabile, nodata dove uno dei DEM non ha dati) con una scala divergente rosso-bianco-blu (un .qml accanto, che QGIS carica come stile predefinito); un rapporto HTML con il bilancio e gli istogrammi di area e volume delle variazioni di quota; un CSV del bilancio. Legge i raster a strisce, quindi la memoria resta limitata per qualsiasi dimensione.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>&lt;p&gt;Trains a land-cover model on the HTCondor cluster of a profile from a dataset folder made by "Export training data", and installs it in your QGIS profile's model folder under &lt;i&gt;Model name&lt;/i&gt;, so that "Classify land cover" runs it when you give that name as its model.&lt;/p&gt;&lt;p&gt;Segmentation datasets train a compact U-Net, patch datasets a small patch classifier, with random flips, 90° rotations and brightness changes. After each epoch the model is checked on the validation blocks; the best epoch (mean IoU) is kept. The log and the SfM jobs panel show the epochs as they finish.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Where it runs.&lt;/b&gt; A profile with GPU nodes asks HTCondor for a GPU (request_gpus); otherwise the job runs on CPU cores (&lt;i&gt;CPU cores&lt;/i&gt;, advanced). The nodes need PyTorch and onnx: before anything is uploaded, the profile's &lt;i&gt;Node setup command&lt;/i&gt; is run on the login node and both are imported; when that fails, the run stops and says what to install or load there.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Outputs.&lt;/b&gt; The installed model (.onnx, with its classes, colours, ground resolution, tile size and normalisation), the training report (loss and metrics per epoch, per-class IoU and F1, overall accuracy, kappa and the confusion matrix on the validation blocks) and the validation figures.&lt;/p&gt;&lt;p&gt;Cancelling removes the job from the cluster queue; "Resume SfM job" continues it after the last finished epoch, and "Fetch trained model" installs its model once it has completed. When the node runs out of memory the epoch starts again with half the batch. An installed model of the same name is only replaced when you tick &lt;i&gt;Replace&lt;/i&gt;.&lt;/p&gt;</source>
      <translation type="vanished">&lt;p&gt;Addestra un modello di copertura del suolo sul cluster HTCondor di un profilo a partire da una cartella di dataset creata da "Esporta dati di addestramento", e lo installa nella cartella dei modelli del tuo profilo QGIS con il &lt;i&gt;Nome del modello&lt;/i&gt;, così che "Classifica la copertura del suolo" lo esegua quando indichi quel nome come modello.&lt;/p&gt;&lt;p&gt;I dataset di segmentazione addestrano una U-Net compatta, quelli a patch un piccolo classificatore di patch, con capovolgimenti casuali, rotazioni di 90° e variazioni di luminosità. Dopo ogni epoca il modello è verificato sui blocchi di validazione; si tiene l'epoca migliore (IoU medio). Il log e il pannello dei job SfM mostrano le epoche man mano che finiscono.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Dove viene eseguito.&lt;/b&gt; Un profilo con nodi GPU chiede a HTCondor una GPU (request_gpus); altrimenti il job usa core CPU (&lt;i&gt;Core CPU&lt;/i&gt;, avanzato). I nodi richiedono PyTorch e onnx: prima di caricare qualsiasi cosa, il &lt;i&gt;Comando di preparazione del nodo&lt;/i&gt; del profilo viene eseguito sul nodo di login ed entrambi vengono importati; se non riesce, l'esecuzione si ferma e dice cosa installare o caricare.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Risultati.&lt;/b&gt; Il modello installato (.onnx, con classi, colori, risoluzione a terra, dimensione dei tasselli e normalizzazione), il rapporto di addestramento (loss e metriche per epoca, IoU e F1 per classe, accuratezza complessiva, kappa e matrice di confusione sui blocchi di validazione) e i valori di validazione.&lt;/p&gt;&lt;p&gt;Annullare rimuove il job dalla coda del cluster; "Riprendi job SfM" lo continua dopo l'ultima epoca finita, e "Scarica il modello addestrato" ne installa il modello quando è completato. Se il nodo esaurisce la memoria, l'epoca riparte con metà batch. Un modello installato con lo stesso nome viene sostituito solo se spunti &lt;i&gt;Sostituisci&lt;/i&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
      <source>A profile from Plugins &gt; Geomorph &gt; Cluster profiles (host, login, work folder).</source>
      <translation type="vanished">Un profilo da Plugin &gt; Geomorph &gt; Profili cluster (host, login, cartella di lavoro).</translation>
    </message>
    <message>
      <source>An Apptainer/Singularity image that has COLMAP, GDAL and Python, for every node job. Empty: the nodes' own software.</source>
      <translation type="vanished">Un'immagine Apptainer/Singularity con COLMAP, GDAL e Python, per ogni job dei nodi. Vuoto: il software dei nodi stessi.</translation>
    </message>
    <message>
      <source>Asks the cluster where an SfM job is: its state (submitted, running, completed, failed, cancelled, fetched), the progress of each workflow step from DAGMan's node status file, and for failed nodes the end of their error output.</source>
      <translation type="vanished">Chiede al cluster a che punto è un job SfM: il suo stato (submitted, running, completed, failed, cancelled, fetched), l'avanzamento di ogni passaggio del workflow dal file di stato dei nodi di DAGMan e, per i nodi non riusciti, la fine del loro output di errore.</translation>
    </message>
    <message>
      <source>Asks the cluster where an SfM job is: its state (submitted, running, waiting for a slot, completed, failed, cancelled, fetched), the progress of each workflow step from DAGMan's node status file, the nodes that wait for a slot with HTCondor's reason (a node that no slot of the cluster can run is named as such), and for failed nodes the end of their error output and log.</source>
      <translation type="vanished">Chiede al cluster a che punto è un job SfM: il suo stato (inviato, in esecuzione, in attesa di uno slot, completato, fallito, annullato, scaricato), l'avanzamento di ogni passo del workflow dal file di stato dei nodi di DAGMan, i nodi in attesa di uno slot con il motivo indicato da HTCondor (un nodo che nessuno slot del cluster può eseguire viene indicato come tale) e, per i nodi falliti, la fine del loro output di errore e del loro log.</translation>
    </message>
    <message>
      <source>Auto: COLMAP with dense matching when the cluster profile has GPU nodes, MicMac otherwise, so that every cluster gives a dense DSM. MicMac: a dense DSM on CPU nodes (the source workflow: Tapioca, Tapas, Malt in ground tiles on many nodes). COLMAP: dense matching on GPU nodes (tick "The cluster has GPU nodes (CUDA)" in the profile). COLMAP sparse fast path: quick, the DSM is triangulated from the tie points, so it has no kerbs, trees or boulders: fine for a first look at the orthomosaic, not for change detection. The log and the job report say which engine ran and why. In scripts and qgis_process: 0 = Auto, 1 = MicMac, 2 = COLMAP, 3 = COLMAP sparse fast path.</source>
      <translation type="vanished">Auto: COLMAP con corrispondenze dense quando il profilo del cluster ha nodi GPU, altrimenti MicMac, così ogni cluster produce un DSM denso. MicMac: un DSM denso sui nodi CPU (il workflow di origine: Tapioca, Tapas, Malt in tasselli di terreno su molti nodi). COLMAP: corrispondenze dense sui nodi GPU (spunta "Il cluster ha nodi GPU (CUDA)" nel profilo). COLMAP percorso rapido sparso: veloce, il DSM è triangolato dai punti di legame, quindi non ha cordoli, alberi né massi: va bene per un primo sguardo all'ortomosaico, non per la rilevazione dei cambiamenti. Il log e il rapporto del job dicono quale motore è stato eseguito e perché. In script e qgis_process: 0 = Auto, 1 = MicMac, 2 = COLMAP, 3 = COLMAP percorso rapido sparso.</translation>
    </message>
    <message>
      <source>Cancelled while writing the COPC point cloud.</source>
      <translation type="vanished">Annullato durante la scrittura della nuvola di punti COPC.</translation>
    </message>
    <message>
      <source>Cancelled while {what}.</source>
      <translation type="vanished">Annullato durante {what}.</translation>
    </message>
    <message>
      <source>Dense matching runs on GPU nodes; without them the DSM and orthomosaic come from the sparse point cloud.</source>
      <translation type="vanished">Il matching denso gira sui nodi GPU; senza di essi DSM e ortomosaico derivano dalla nuvola di punti sparsa.</translation>
    </message>
    <message>
      <source>Downloads the orthomosaic, the digital surface model, the point cloud and the job report of a completed SfM job (files already downloaded are skipped) and loads them as styled layers. Leave the output folder empty to use the folder chosen when the job was submitted.</source>
      <translation type="vanished">Scarica l'ortomosaico, il modello digitale della superficie, la nuvola di punti e il report di un job SfM completato (i file già scaricati vengono saltati) e li carica come layer con stile. Lascia vuota la cartella di output per usare quella scelta quando il job è stato inviato.</translation>
    </message>
    <message>
      <source>Downloads the orthomosaic, the digital surface model, the point cloud and the job report of a completed SfM job (files already downloaded are skipped) and loads them as styled layers. The completed jobs are offered first. Left at "Save to temporary folder", the folder for the results is the job's own: the one chosen, or given by default, when it was submitted (a job whose folder was a temporary one that QGIS has since deleted gets geomorph-sfm/&lt;job id&gt; beside the project, or geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder).</source>
      <translation type="vanished">Scarica l'ortomosaico, il modello digitale della superficie, la nuvola di punti e il rapporto di un job SfM completato (i file già scaricati vengono saltati) e li carica come layer con stile. I job completati sono proposti per primi. Lasciato su "Salva in una cartella temporanea", la cartella dei risultati è quella del job: quella scelta, o assegnata per impostazione predefinita, quando è stato inviato (un job la cui cartella era temporanea e nel frattempo cancellata da QGIS riceve geomorph-sfm/&lt;id del job&gt; accanto al progetto, oppure geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS).</translation>
    </message>
    <message>
      <source>Expected '=' after {name} in ClassAd text.</source>
      <translation type="vanished">Atteso '=' dopo {name} nel testo ClassAd.</translation>
    </message>
    <message>
      <source>Fetches the SSH host key of the profile's cluster and adds it to Geomorph's known_hosts file, so that the cluster can be reached. Compare the fingerprint with the one the cluster's administrators publish. If you enter the expected fingerprint (SHA256:...), the key is stored only when it matches; this is also the way to accept a key that changed because the server was reinstalled.</source>
      <translation type="vanished">Recupera la chiave host SSH del cluster del profilo e la aggiunge al file known_hosts di Geomorph, in modo che il cluster possa essere raggiunto. Confronta l'impronta con quella pubblicata dagli amministratori del cluster. Se inserisci l'impronta attesa (SHA256:...), la chiave viene memorizzata solo se corrisponde; questo è anche il modo per accettare una chiave cambiata perché il server è stato reinstallato.</translation>
    </message>
    <message>
      <source>GDAL could not rasterize the polygons: {error}</source>
      <translation type="vanished">GDAL non è riuscito a rasterizzare i poligoni: {error}</translation>
    </message>
    <message>
      <source>GDAL could not rasterize the reference polygons: {error}</source>
      <translation type="vanished">GDAL non è riuscito a rasterizzare i poligoni di riferimento: {error}</translation>
    </message>
    <message>
      <source>GDAL could not read rows {y0}-{y1} of {source}: {error}. The file may be damaged or incomplete: check it with gdalinfo -checksum, or write it again.</source>
      <translation type="vanished">GDAL non è riuscito a leggere le righe {y0}-{y1} di {source}: {error}. Il file potrebbe essere danneggiato o incompleto: controllalo con gdalinfo -checksum, oppure scrivilo di nuovo.</translation>
    </message>
    <message>
      <source>GDAL could not read the measured-cells band of {source}: {error}</source>
      <translation type="vanished">GDAL non riesce a leggere la banda delle celle misurate di {source}: {error}</translation>
    </message>
    <message>
      <source>Install it into the Python that QGIS uses: on Windows open the OSGeo4W Shell and run python -m pip install "{req}"; on macOS and Linux run {py} -m pip install "{req}".</source>
      <translation type="vanished">Installalo nel Python usato da QGIS: su Windows apri la OSGeo4W Shell ed esegui python -m pip install "{req}"; su macOS e Linux esegui {py} -m pip install "{req}".</translation>
    </message>
    <message>
      <source>Left at "Save to temporary folder", the results go to geomorph-sfm/&lt;job id&gt; beside the saved project, or to geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder when the project is not saved: never to QGIS's temporary folder, which QGIS deletes when it closes while the job goes on.</source>
      <translation type="vanished">Lasciato su "Salva in una cartella temporanea", i risultati vanno in geomorph-sfm/&lt;id del job&gt; accanto al progetto salvato, oppure in geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS se il progetto non è salvato: mai nella cartella temporanea di QGIS, che QGIS cancella alla chiusura mentre il job continua.</translation>
    </message>
    <message>
      <source>No job id given: copy it from the jobs panel or from the log of the run.</source>
      <translation type="vanished">Nessun id di job indicato: copialo dal pannello dei job o dal log dell'esecuzione.</translation>
    </message>
    <message>
      <source>ONNX model: file or https URL (empty: bundled EuroSAT RGB model)</source>
      <translation type="vanished">Modello ONNX: file o URL https (vuoto: modello EuroSAT RGB incluso)</translation>
    </message>
    <message>
      <source>ONNX models (*.onnx);;All files (*.*)</source>
      <translation type="vanished">Modelli ONNX (*.onnx);;Tutti i file (*.*)</translation>
    </message>
    <message>
      <source>Removes an SfM job from the cluster queue (condor_rm on its DAG; DAGMan removes the node jobs). Your photos are not touched, and the files on the cluster are kept, so the job can be resumed with "Resume SfM job".</source>
      <translation type="vanished">Rimuove un job SfM dalla coda del cluster (condor_rm sul suo DAG; DAGMan rimuove i job dei nodi). Le tue foto non vengono toccate e i file sul cluster vengono conservati, quindi il job può essere ripreso con "Riprendi job SfM".</translation>
    </message>
    <message>
      <source>Resubmits a failed or cancelled SfM job after you have fixed the cause (see "SfM job status" for the failed nodes and their errors). HTCondor DAGMan's rescue DAG makes only the unfinished nodes run again: finished chunks, tiles and steps are kept. Returns at once; follow it in the jobs panel.</source>
      <translation type="vanished">Reinvia un job SfM non riuscito o annullato dopo che ne hai corretto la causa (vedi "Stato del job SfM" per i nodi non riusciti e i loro errori). Il rescue DAG di HTCondor DAGMan fa rieseguire solo i nodi non terminati: i blocchi, i tasselli e i passaggi completati vengono conservati. Termina subito; seguilo nel pannello dei job.</translation>
    </message>
    <message>
      <source>Retries of a failed node job (0 = {n}, the default)</source>
      <translation type="vanished">Tentativi di un job di nodo fallito (0 = {n}, il predefinito)</translation>
    </message>
    <message>
      <source>Shell commands each node job runs first, to make COLMAP and GDAL available.</source>
      <translation type="vanished">Comandi di shell che ogni job dei nodi esegue per primi, per rendere disponibili COLMAP e GDAL.</translation>
    </message>
    <message>
      <source>The PLY header of {path} has no end_header line.</source>
      <translation type="vanished">L'intestazione PLY di {path} non ha una riga end_header.</translation>
    </message>
    <message>
      <source>The job {id} {state}: {message}
{tails}</source>
      <translation type="vanished">Il job {id} è nello stato {state}: {message}
{tails}</translation>
    </message>
    <message>
      <source>The model file {path} does not exist. Give the path of an .onnx file, an https URL, or leave MODEL empty for the bundled model.</source>
      <translation type="vanished">Il file del modello {path} non esiste. Indica il percorso di un file .onnx, un URL https, oppure lascia MODEL vuoto per usare il modello incluso.</translation>
    </message>
    <message>
      <source>The password was not saved: QGIS's authentication database is locked. Enter its master password when QGIS asks for it (Settings &gt; Options &gt; Authentication).</source>
      <translation type="vanished">La password non è stata salvata: il database di autenticazione di QGIS è bloccato. Inserisci la sua password principale quando QGIS la chiede (Impostazioni &gt; Opzioni &gt; Autenticazione).</translation>
    </message>
    <message>
      <source>The point cloud is empty: there is nothing to convert to COPC.</source>
      <translation type="vanished">La nuvola di punti è vuota: non c'è nulla da convertire in COPC.</translation>
    </message>
    <message>
      <source>The point cloud was downloaded as a file but not loaded as a layer: this QGIS reads point clouds only as COPC, and converting needs the Python package copclib.</source>
      <translation type="vanished">La nuvola di punti è stata scaricata come file ma non caricata come layer: questa versione di QGIS legge le nuvole di punti solo come COPC, e la conversione richiede il pacchetto Python copclib.</translation>
    </message>
    <message>
      <source>Train one on this orthomosaic with "Train a land-cover model on the cluster" (see docs/landcover.md), or choose an .onnx file.</source>
      <translation type="vanished">Addestrane uno su questo ortomosaico con "Addestra un modello di copertura del suolo sul cluster" (vedi docs/landcover.md), o scegli un file .onnx.</translation>
    </message>
    <message>
      <source>Unexpected {token} in ClassAd text.</source>
      <translation type="vanished">{token} inatteso nel testo ClassAd.</translation>
    </message>
    <message>
      <source>Unsupported point cloud format {suffix}: use PLY, LAS or LAZ.</source>
      <translation type="vanished">Formato di nuvola di punti {suffix} non supportato: usa PLY, LAS o LAZ.</translation>
    </message>
    <message>
      <source>Uploads the geotagged photos of a folder to the cluster of a profile, runs the structure-from-motion workflow as an HTCondor DAG (matching in small parallel chunks, retries, per-step progress), waits for it, downloads the results and loads the orthomosaic (RGB), the digital surface model (colour ramp and hillshade) and the point cloud. It blocks until the job ends, so it chains in the modeler. Cancelling removes the job from the cluster queue (condor_rm); your photos are never changed, and the job can be resumed later with "Resume SfM job". The job also appears in the SfM jobs panel, and survives a QGIS restart.</source>
      <translation type="vanished">Trasferisce le foto georeferenziate di una cartella sul cluster di un profilo, esegue il workflow structure-from-motion come DAG HTCondor (matching in piccoli blocchi paralleli, tentativi ripetuti, avanzamento per passaggio), ne attende la fine, scarica i risultati e carica l'ortomosaico (RGB), il modello digitale della superficie (rampa di colori e ombreggiatura) e la nuvola di punti. Resta bloccato finché il job non termina, quindi può essere concatenato nel modellatore. L'annullamento rimuove il job dalla coda del cluster (condor_rm); le tue foto non vengono mai modificate e il job può essere ripreso in seguito con "Riprendi job SfM". Il job compare anche nel pannello dei job SfM e sopravvive a un riavvio di QGIS.</translation>
    </message>
    <message>
      <source>Uploads the geotagged photos of a folder to the cluster of a profile, runs the structure-from-motion workflow as an HTCondor DAG (matching in small parallel chunks, retries, per-step progress), waits for it, downloads the results and loads the orthomosaic (RGB), the digital surface model (colour ramp and hillshade) and the point cloud. It blocks until the job ends, so it chains in the modeler. Cancelling removes the job from the cluster queue (condor_rm); your photos are never changed, and the job can be resumed later with "Resume SfM job". The job also appears in the SfM jobs panel, and survives a QGIS restart. If the connection drops while it waits, it reconnects and keeps following the job; after 30 minutes without an answer from the cluster it stops, and the job goes on there. Left at "Save to temporary folder", the results go to geomorph-sfm/&lt;job id&gt; beside the saved project, or to geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder.</source>
      <translation type="vanished">Carica le foto georeferenziate di una cartella sul cluster di un profilo, esegue il workflow structure-from-motion come DAG HTCondor (corrispondenze in piccoli blocchi paralleli, tentativi ripetuti, avanzamento per passo), ne attende la fine, scarica i risultati e carica l'ortomosaico (RGB), il modello digitale della superficie (rampa di colori e ombreggiatura) e la nuvola di punti. Resta in attesa fino alla fine del job, quindi si concatena nel modellatore. L'annullamento rimuove il job dalla coda del cluster (condor_rm); le tue foto non vengono mai modificate e il job può essere ripreso in seguito con "Riprendi job SfM". Il job compare anche nel pannello dei job SfM e sopravvive a un riavvio di QGIS. Se la connessione cade durante l'attesa, si riconnette e continua a seguire il job; dopo 30 minuti senza risposta dal cluster si ferma, e il job prosegue lì. Lasciato su "Salva in una cartella temporanea", i risultati vanno in geomorph-sfm/&lt;id del job&gt; accanto al progetto salvato, oppure in geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS.</translation>
    </message>
    <message>
      <source>Uploads the geotagged photos of a folder to the cluster of a profile, runs the structure-from-motion workflow as an HTCondor DAG (matching in small parallel chunks, retries, per-step progress), waits for it, downloads the results and loads the orthomosaic (RGB), the digital surface model (colour ramp and hillshade) and the point cloud. The engine: Auto gives a dense DSM on any cluster, from COLMAP's dense matching when the profile has GPU nodes and from MicMac on CPU nodes otherwise; "COLMAP sparse fast path" is quick, but its DSM is made from the tie points only. Before anything is uploaded, it checks that the nodes can run the engine (mm3d for MicMac, colmap for COLMAP) after the profile's "Node setup command", and says what to fill in when they cannot. It blocks until the job ends, so it chains in the modeler. Cancelling removes the job from the cluster queue (condor_rm); your photos are never changed, and the job can be resumed later with "Resume SfM job". The job also appears in the SfM jobs panel, and survives a QGIS restart. If the connection drops while it waits, it reconnects and keeps following the job; after 30 minutes without an answer from the cluster it stops, and the job goes on there. Left at "Save to temporary folder", the results go to geomorph-sfm/&lt;job id&gt; beside the saved project, or to geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder.</source>
      <translation type="vanished">Carica le foto georeferenziate di una cartella sul cluster di un profilo, esegue il workflow structure-from-motion come DAG HTCondor (corrispondenze in piccoli blocchi paralleli, tentativi ripetuti, avanzamento per passo), ne attende la fine, scarica i risultati e carica l'ortomosaico (RGB), il modello digitale della superficie (rampa di colori e ombreggiatura) e la nuvola di punti. Il motore: Auto produce un DSM denso su qualsiasi cluster, dalle corrispondenze dense di COLMAP quando il profilo ha nodi GPU e da MicMac sui nodi CPU altrimenti; "COLMAP percorso rapido sparso" è veloce, ma il suo DSM è ricavato solo dai punti di legame. Prima di caricare qualsiasi cosa, verifica che i nodi possano eseguire il motore (mm3d per MicMac, colmap per COLMAP) dopo il "Comando di preparazione del nodo" del profilo, e dice cosa compilare quando non possono. Resta in attesa fino alla fine del job, quindi si concatena nel modellatore. L'annullamento rimuove il job dalla coda del cluster (condor_rm); le tue foto non vengono mai modificate e il job può essere ripreso in seguito con "Riprendi job SfM". Il job compare anche nel pannello dei job SfM e sopravvive a un riavvio di QGIS. Se la connessione cade durante l'attesa, si riconnette e continua a seguire il job; dopo 30 minuti senza risposta dal cluster si ferma, e il job prosegue lì. Lasciato su "Salva in una cartella temporanea", i risultati vanno in geomorph-sfm/&lt;id del job&gt; accanto al progetto salvato, oppure in geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS.</translation>
    </message>
    <message>
      <source>Uploads the photos and submits the SfM workflow to the cluster, then returns the job id without waiting. Follow the job in the SfM jobs panel or with "SfM job status", and load its results with "Fetch SfM results" when it has completed. Useful for runs that take many hours.</source>
      <translation type="vanished">Trasferisce le foto e invia il workflow SfM al cluster, quindi restituisce l'id del job senza attendere. Segui il job nel pannello dei job SfM o con "Stato del job SfM", e carica i risultati con "Scarica i risultati SfM" quando è completato. Utile per esecuzioni che durano molte ore.</translation>
    </message>
    <message>
      <source>Uploads the photos and submits the SfM workflow to the cluster, then returns the job id without waiting. Follow the job in the SfM jobs panel or with "SfM job status", and load its results with "Fetch SfM results" when it has completed. Useful for runs that take many hours. Left at "Save to temporary folder", the results will go to geomorph-sfm/&lt;job id&gt; beside the saved project, or to geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder.</source>
      <translation type="vanished">Carica le foto e invia il workflow SfM al cluster, poi restituisce l'id del job senza attendere. Segui il job nel pannello dei job SfM o con "Stato del job SfM" e carica i suoi risultati con "Scarica i risultati SfM" quando è completato. Utile per elaborazioni che durano molte ore. Lasciato su "Salva in una cartella temporanea", i risultati andranno in geomorph-sfm/&lt;id del job&gt; accanto al progetto salvato, oppure in geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS.</translation>
    </message>
    <message>
      <source>Uploads the photos and submits the SfM workflow to the cluster, then returns the job id without waiting. The engine is chosen as in "Run SfM on the cluster": Auto runs COLMAP's dense matching when the profile has GPU nodes and MicMac on CPU nodes otherwise, and whether the nodes can run the engine (mm3d or colmap) after the profile's "Node setup command" is checked before anything is uploaded. Follow the job in the SfM jobs panel or with "SfM job status", and load its results with "Fetch SfM results" when it has completed. Useful for runs that take many hours. Left at "Save to temporary folder", the results will go to geomorph-sfm/&lt;job id&gt; beside the saved project, or to geomorph/sfm-results/&lt;job id&gt; in your QGIS profile folder.</source>
      <translation type="vanished">Carica le foto e invia il workflow SfM al cluster, poi restituisce l'id del job senza attendere. Il motore si sceglie come in "Esegui SfM sul cluster": Auto esegue le corrispondenze dense di COLMAP quando il profilo ha nodi GPU e MicMac sui nodi CPU altrimenti, e prima di caricare qualsiasi cosa verifica che i nodi possano eseguire il motore (mm3d o colmap) dopo il "Comando di preparazione del nodo" del profilo. Segui il job nel pannello dei job SfM o con "Stato del job SfM" e carica i suoi risultati con "Scarica i risultati SfM" quando è completato. Utile per elaborazioni che durano molte ore. Lasciato su "Salva in una cartella temporanea", i risultati andranno in geomorph-sfm/&lt;id del job&gt; accanto al progetto salvato, oppure in geomorph/sfm-results/&lt;id del job&gt; nella cartella del tuo profilo QGIS.</translation>
    </message>
    <message>
      <source>converting the point cloud</source>
      <translation type="vanished">la conversione della nuvola di punti</translation>
    </message>
    <message>
      <source>none reported</source>
      <translation type="vanished">nessuno segnalato</translation>
    </message>
    <message>
      <source>type it to store it in QGIS's authentication database</source>
      <translation type="vanished">scrivila per salvarla nel database di autenticazione di QGIS</translation>
    </message>
    <message>
      <source>waiting for a slot for {minutes} min</source>
      <translation type="vanished">in attesa di uno slot da {minutes} min</translation>
    </message>
    <message>
      <source>{path} has no plain vertex list first; export the cloud as a PLY of points.</source>
      <translation type="vanished">{path} non ha come primo elemento un semplice elenco di vertici; esporta la nuvola come PLY di punti.</translation>
    </message>
    <message>
      <source>{path} is not a PLY file.</source>
      <translation type="vanished">{path} non è un file PLY.</translation>
    </message>
  </context>
</TS>
