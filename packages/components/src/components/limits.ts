/**
 * Discord's component limits, each with its source (research/components.md §1; "dat" = the doc comment in
 * discord-api-types 0.38, which mirrors the Discord reference where the research note is silent).
 */
export const ComponentLimits = {
  customIdMax: 100, // REF "Custom ID"
  idMax: 2 ** 31 - 1, // REF "Anatomy": 32-bit int; 0/absent = API assigns
  buttonLabelMax: 80, // REF Button
  buttonUrlMax: 512, // REF Button
  rowButtonsMax: 5, // REF Action Row
  legacyRowsMax: 5, // REF Legacy
  contentMax: 2000, // MSG
  v2ComponentsMax: 40, // REF; CL 2025-04-29 (nested count)
  v2TextMax: 4000, // discord.py ui/view.py (not in the docs)
  textDisplayMax: 4000, // discord.js per Text Display
  selectOptionsMax: 25, // REF String Select
  selectOptionFieldMax: 100, // REF: label / value / description
  placeholderMax: 150, // REF
  selectValuesMax: 25, // REF min_values 0–25, max_values 1–25
  modalTitleMax: 45, // RR
  modalComponentsMax: 5, // RR
  labelMax: 45, // REF Label
  labelDescriptionMax: 100, // REF Label
  textInputLengthMax: 4000, // REF Text Input: min_length 0–4000, max_length 1–4000, value ≤4000
  textInputPlaceholderMax: 100, // REF Text Input
  textInputLabelMax: 45, // REF Text Input (deprecated own label)
  fileUploadValuesMax: 10, // REF File Upload
  fileTypesMax: 10, // REF; CL 2026-08-05
  radioOptionsMin: 2, // REF; CL 2026-02-12
  groupOptionsMax: 10, // radio 2–10, checkbox group 1–10
  groupValuesMax: 10, // checkbox group min 0–10, max 1–10
  groupOptionFieldMax: 100, // dat: radio/checkbox option value, label, description "max 100 characters"
  sectionTextsMax: 3, // REF Section
  galleryItemsMax: 10, // REF Media Gallery
  mediaDescriptionMax: 1024, // REF: alt text
  accentColorMax: 0xffffff, // REF Container
  embedsMax: 10, // MSG "Embed Limits"
  embedTotalMax: 6000,
  embedTitleMax: 256,
  embedDescriptionMax: 4096,
  embedFieldsMax: 25,
  embedFieldNameMax: 256,
  embedFieldValueMax: 1024,
  embedFooterMax: 2048,
  embedAuthorMax: 256,
} as const;
