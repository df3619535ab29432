-- Search at a million cases, part 3 (issue 11). The scope GIN index of 0016 narrows a search to recent weeks by
-- intersecting posting lists: the word's whole list (25,000 rows for a word in 2.5 % of the cases), two weeks'
-- (~35,000) and the scope's (every case of the organisation) to find the ~800 matches of those weeks; the GIN scan
-- alone was 30–60 ms of CPU at load 5. Here the document is also indexed as week terms: each word as
-- "<week>:<word>" (2968:假货) and each visibility column as "<week>:p:<platform>", "<week>:r:<respondent>",
-- "<week>:o:<operations company>", so a window of weeks for one organisation asks for exactly its own postings
-- (('2968:假货' & '2968:r:<id>') | ('2967:假货' & '2967:r:<id>')): the work is the matches of the window, whatever
-- the word's frequency overall or the size of the organisation. An expression index, not a column: nothing more
-- is stored in the table, and it is kept current in the transaction that writes the document, as any index.
-- Lexemes only (no positions): phrases are checked against doc itself on the window's rows. ':' never occurs in
-- a lexeme (src/text/search-doc.ts keeps letters and digits only), so no term can pass for another.
-- Written as one expression of immutable functions (explicit casts: `integer || text` is only stable, and so is
-- array_to_string) so that PostgreSQL inlines it: the index build and every write evaluate C functions, not a SQL
-- function call per row. strip(doc)::text is "'假货' '退款'": each quoted lexeme gets the week in front.
CREATE FUNCTION case_search_week_terms(doc tsvector, week integer, platform uuid, respondent uuid, ops uuid)
  RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT regexp_replace(strip(doc)::text, '(^| )''', '\1''' || week::text || ':', 'g')::tsvector
    || array_to_tsvector(array_remove(ARRAY[week::text || ':p:' || platform::text,
         week::text || ':r:' || respondent::text, week::text || ':o:' || ops::text], NULL)) $$;
CREATE INDEX case_search_week_terms_idx ON case_search USING gin (
  case_search_week_terms(doc, created_week, platform_tenant_id, respondent_tenant_id, ops_tenant_id));
