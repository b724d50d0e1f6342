/**
 * Region names each cloud accepts, so a typo fails at validation instead of at deploy time.
 * @see https://learn.microsoft.com/en-us/azure/reliability/regions-list (az account list-locations)
 * @see https://cloud.google.com/compute/docs/regions-zones (gcloud compute regions list)
 */

export const AZURE_REGIONS: readonly string[] = [
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
  "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
  "centralus", "chilecentral", "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral",
  "francesouth", "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral",
  "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral",
  "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope",
  "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
  "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral",
  "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth",
  "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
];

export const GCP_REGIONS: readonly string[] = [
  "africa-south1", "asia-east1", "asia-east2", "asia-northeast1", "asia-northeast2",
  "asia-northeast3", "asia-south1", "asia-south2", "asia-southeast1", "asia-southeast2",
  "australia-southeast1", "australia-southeast2", "europe-central2", "europe-north1",
  "europe-north2", "europe-southwest1", "europe-west1", "europe-west10", "europe-west12",
  "europe-west2", "europe-west3", "europe-west4", "europe-west6", "europe-west8", "europe-west9",
  "me-central1", "me-central2", "me-west1", "northamerica-northeast1", "northamerica-northeast2",
  "northamerica-south1", "southamerica-east1", "southamerica-west1", "us-central1", "us-east1",
  "us-east4", "us-east5", "us-south1", "us-west1", "us-west2", "us-west3", "us-west4",
];
