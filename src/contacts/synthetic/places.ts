/**
 * Communes of Hérault (34) and Finistère (29) with their INSEE code, postcodes, number of polling
 * stations and population in thousands (used as the weight of the draw), and the street names an
 * address is built from. Codes and postcodes are the real ones; station counts are approximate.
 */
export interface Commune {
  readonly name: string;
  readonly insee: string;
  readonly postcodes: readonly string[];
  readonly stations: number;
  /** Population in thousands. */
  readonly weight: number;
}

const c = (name: string, insee: string, postcodes: string, stations: number, weight: number): Commune => ({
  name,
  insee,
  postcodes: postcodes.split(' '),
  stations,
  weight,
});

export const COMMUNES: readonly Commune[] = [
  c('Montpellier', '34172', '34000 34070 34080 34090', 180, 300),
  c('Béziers', '34032', '34500', 50, 79),
  c('Sète', '34301', '34200', 34, 44),
  c('Agde', '34003', '34300', 24, 29),
  c('Lunel', '34145', '34400', 16, 27),
  c('Frontignan', '34108', '34110', 17, 23),
  c('Castelnau-le-Lez', '34057', '34170', 15, 26),
  c('Lattes', '34129', '34970', 12, 17),
  c('Mauguio', '34154', '34130', 12, 17),
  c('Mèze', '34157', '34140', 8, 12),
  c('Pézenas', '34199', '34120', 7, 8.5),
  c('Lodève', '34142', '34700', 6, 7.5),
  c("Clermont-l'Hérault", '34079', '34800', 7, 9),
  c('Saint-Jean-de-Védas', '34270', '34430', 8, 11),
  c('Pérols', '34198', '34470', 7, 9.5),
  c('Palavas-les-Flots', '34192', '34250', 5, 6),
  c('Juvignac', '34123', '34990', 8, 12),
  c('Grabels', '34116', '34790', 6, 9),
  c('Jacou', '34120', '34830', 5, 7),
  c('Le Crès', '34090', '34920', 6, 9.5),
  c('Vendargues', '34327', '34740', 4, 6.5),
  c('Saint-Gély-du-Fesc', '34255', '34980', 7, 10),
  c('Ganges', '34111', '34190', 4, 4),
  c('Marseillan', '34150', '34340', 6, 8),
  c('Sérignan', '34299', '34410', 6, 7.5),
  c('Valras-Plage', '34324', '34350', 4, 5),
  c('Bédarieux', '34028', '34600', 5, 6),
  c('Gignac', '34114', '34150', 5, 6.5),
  c('Villeneuve-lès-Maguelone', '34337', '34750', 7, 10),
  c('Balaruc-les-Bains', '34023', '34540', 5, 7),
  c('Florensac', '34101', '34510', 4, 5),
  c('Capestang', '34052', '34310', 3, 3.2),
  c('Saint-Clément-de-Rivière', '34247', '34980', 4, 5),
  c('Fabrègues', '34095', '34690', 5, 7.5),
  c('Lamalou-les-Bains', '34126', '34240', 2, 2.5),
  c('Abeilhan', '34001', '34290', 1, 1.7),
  c('Brest', '29019', '29200', 110, 140),
  c('Quimper', '29232', '29000', 45, 63),
  c('Concarneau', '29039', '29900', 14, 20),
  c('Morlaix', '29151', '29600', 12, 15),
  c('Landerneau', '29103', '29800', 12, 16),
  c('Guipavas', '29075', '29490', 10, 15),
  c('Douarnenez', '29046', '29100', 11, 14),
  c('Quimperlé', '29233', '29300', 10, 12),
  c('Plougastel-Daoulas', '29189', '29470', 9, 13),
  c('Le Relecq-Kerhuon', '29235', '29480', 8, 12),
  c('Landivisiau', '29105', '29400', 7, 9.5),
  c('Fouesnant', '29058', '29170', 8, 10),
  c('Crozon', '29042', '29160', 7, 7.5),
  c('Plouzané', '29212', '29280', 12, 13),
  c('Gouesnou', '29061', '29850', 6, 6),
  c('Carhaix-Plouguer', '29024', '29270', 6, 7.5),
  c("Pont-l'Abbé", '29220', '29120', 7, 8),
  c('Ergué-Gabéric', '29051', '29500', 6, 8.5),
  c('Saint-Pol-de-Léon', '29259', '29250', 5, 6.5),
  c('Châteaulin', '29026', '29150', 4, 5),
  c('Briec', '29020', '29510', 4, 5.5),
  c('Plabennec', '29160', '29860', 6, 8.5),
  c('Lesneven', '29124', '29260', 5, 7),
  c('Roscoff', '29239', '29680', 3, 3.4),
  c('Bénodet', '29006', '29950', 3, 3.6),
  c('Saint-Renan', '29260', '29290', 8, 8),
  c('Plouguerneau', '29195', '29880', 5, 6.5),
  c('Pont-Aven', '29217', '29930', 3, 3),
  c('Rosporden', '29241', '29140', 6, 7.5),
  c('Penmarch', '29158', '29760', 5, 5.3),
  c('Guilers', '29069', '29820', 8, 8),
  c('Ploudalmézeau', '29178', '29830', 7, 6.5),
];

export const STREET_KINDS = { rue: 62, avenue: 14, boulevard: 7, place: 5, impasse: 12 } as const;

export const STREET_NAMES: readonly string[] = (
  'de la République|Jean Jaurès|Victor Hugo|du Général de Gaulle|Pasteur|de la Gare|des Écoles|du Moulin|de l\'Église|' +
  'Jean Moulin|Gambetta|du Maréchal Foch|de la Mairie|des Lilas|des Roses|du Stade|de la Paix|de Verdun|du 8 Mai 1945|' +
  'Émile Zola|Voltaire|Jules Ferry|de la Liberté|des Acacias|du Port|de la Plage|des Tilleuls|Saint-Michel|des Vignes|' +
  'des Oliviers|du Château|de la Fontaine|Paul Valéry|Frédéric Mistral|des Mimosas|du Lavoir|des Pins|' +
  'de la Poste|Anatole France|Aristide Briand|Louis Pasteur|Georges Brassens|de Bretagne|de Kerichen|de Kervéguen|' +
  'de Siam|du Calvaire|des Goélands|de la Grève|du Phare|de Pen ar Créac\'h|de Keranfurust|Surcouf|du Languedoc|' +
  'des Cévennes|de la Garrigue|du Pic Saint-Loup|Lamartine|Molière|Marie Curie|Simone Veil|Charles de Gaulle|' +
  'des Arènes|Sadi Carnot|Alsace-Lorraine|de Strasbourg|du Lac|des Cerisiers'
).split('|');
