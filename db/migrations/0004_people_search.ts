// Frozen: migrations never change once released and never import application code.
import { type Kysely, sql } from "kysely";

/**
 * Finding the child before creating one, and merging duplicate person records.
 *
 * Search structures, chosen so that a search stays fast at a million people (measured with
 * scripts/bench-person-search.ts; see db/queries/people.ts for the query):
 * - `surnames`: every surname on record once, lower case, kept by a trigger on people. Names alike
 *   in spelling (trigram GIN) or in sound (Double Metaphone) are found here, among tens of
 *   thousands of names rather than a million people.
 * - a covering btree on people (lower(last_name)) with the columns a search compares: the people
 *   with those surnames are then read from the index alone, however common the name (Smith is
 *   about 1 person in 80). It includes last_name itself because PostgreSQL only plans an
 *   index-only scan when every column the query mentions is in the index. Trigram and Double Metaphone indexes on people themselves were measured
 *   first: a common surname made the search visit thousands of table pages (0.4–0.6 s at a million).
 * - btree on the NHS number and on the postcode without spaces, upper case (date of birth: 0002);
 * - merged_into_id (partial): the people merged into a survivor, for its chronology.
 * The expressions here are the ones db/queries/people.ts uses: change both together.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table surnames (name text primary key)`.execute(db);
  await sql`create index surnames_trgm on surnames using gin (name gin_trgm_ops)`.execute(db);
  await sql`create index surnames_dmetaphone on surnames (dmetaphone(name))`.execute(db);
  await sql`insert into surnames (name) select distinct lower(last_name) from people on conflict do nothing`.execute(db);
  // Statement-level, so a bulk load adds each new surname once.
  await sql`
    create function surnames_add() returns trigger language plpgsql as $$
    begin
      insert into surnames (name) select distinct lower(last_name) from new_people on conflict do nothing;
      return null;
    end
    $$
  `.execute(db);
  await sql`create trigger people_surnames_insert after insert on people referencing new table as new_people for each statement execute function surnames_add()`.execute(db);
  await sql`create trigger people_surnames_update after update on people referencing new table as new_people for each statement execute function surnames_add()`.execute(db);

  await sql`
    create index people_last_name_search on people (lower(last_name))
    include (last_name, id, first_name, date_of_birth, postcode, nhs_number, merged_into_id)
  `.execute(db);
  await sql`create index people_nhs_number on people (nhs_number) where nhs_number is not null`.execute(db);
  await sql`create index people_postcode on people (upper(replace(postcode, ' ', ''))) where postcode is not null`.execute(db);
  await sql`create index people_merged_into on people (merged_into_id) where merged_into_id is not null`.execute(db);

  // Common English first-name variants: a short form (Bill for William) or another spelling
  // (Kathryn for Catherine). `name` is the full or usual form.
  await db.schema
    .createTable("first_name_variants")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("variant", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("first_name_variants_pk", ["name", "variant"])
    .addCheckConstraint("first_name_variants_kind", sql`kind in ('short_form', 'spelling')`)
    .addCheckConstraint("first_name_variants_different", sql`lower(name) <> lower(variant)`)
    .execute();
  await sql`create index first_name_variants_variant on first_name_variants (lower(variant))`.execute(db);
  await sql`create index first_name_variants_name on first_name_variants (lower(name))`.execute(db);
  const rows = variantRows();
  for (let i = 0; i < rows.length; i += 200) {
    await db.insertInto("first_name_variants" as never).values(rows.slice(i, i + 200) as never).execute();
  }

  // A manager's merge of two person records that are the same child. The merged record stays
  // (pointing at the survivor through people.merged_into_id); its contacts move to the survivor.
  await db.schema
    .createTable("person_merges")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("survivor_id", "text", (c) => c.notNull().references("people.id"))
    .addColumn("merged_id", "text", (c) => c.notNull().unique().references("people.id"))
    .addColumn("merged_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("merged_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("reason", "text", (c) => c.notNull())
    .addColumn("contacts_moved", "integer", (c) => c.notNull())
    // The form submission that made it: a repeated submission is answered as the first was.
    .addColumn("idempotency_key", "text", (c) => c.unique())
    .addCheckConstraint("person_merges_not_self", sql`survivor_id <> merged_id`)
    .addCheckConstraint("person_merges_contacts_moved", sql`contacts_moved >= 0`)
    .execute();
  await db.schema.createIndex("person_merges_survivor").on("person_merges").column("survivor_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("person_merges").execute();
  await db.schema.dropTable("first_name_variants").execute();
  for (const index of ["people_merged_into", "people_postcode", "people_nhs_number", "people_last_name_search"]) {
    await db.schema.dropIndex(index).execute();
  }
  await sql`drop trigger people_surnames_update on people`.execute(db);
  await sql`drop trigger people_surnames_insert on people`.execute(db);
  await sql`drop function surnames_add()`.execute(db);
  await sql`drop table surnames`.execute(db);
}

/** Full name: its short forms. */
const SHORT_FORMS = `
Abigail: Abbie, Abby, Abi, Gail
Albert: Al, Albie, Bert, Bertie
Alexander: Alex, Alec, Alexi, Lex, Sandy, Xander, Zander
Alexandra: Alex, Alexa, Lexi, Lexie, Sandra, Sasha, Zandra
Alfred: Alfie, Alf, Fred, Freddie
Amanda: Mandy, Manda
Amelia: Millie, Mia, Amy
Andrew: Andy, Drew
Angela: Angie
Anne: Annie, Nan, Nancy
Anthony: Tony, Ant
Antonia: Toni, Tonia
Archibald: Archie, Archy
Arthur: Art, Artie
Barbara: Babs, Barbie
Barry: Baz
Benjamin: Ben, Benji, Benjy, Benny
Bethany: Beth
Bradley: Brad
Callum: Cal
Caroline: Carrie, Caro, Carol
Catherine: Kate, Katie, Katy, Cathy, Cath, Kat, Kitty, Cat, Kay
Charles: Charlie, Chas, Chaz, Chuck
Charlotte: Charlie, Lottie, Lotty, Lotte
Christina: Chris, Chrissy, Christie, Tina
Christine: Chris, Chrissie, Christie, Tina
Christopher: Chris, Kit, Topher
Cynthia: Cindy
Daniel: Dan, Danny
Danielle: Dani, Danni, Elle
Darren: Daz
David: Dave, Davey, Davy, Dai
Deborah: Debbie, Deb, Debs
Dominic: Dom
Donald: Don, Donny
Dorothy: Dot, Dotty, Dolly, Dora
Douglas: Doug, Dougie
Edmund: Ed, Eddie, Ned
Edward: Ed, Eddie, Eddy, Ted, Teddy, Ned
Eleanor: Ellie, Nell, Nellie, Nora, Elle, Ella
Elizabeth: Liz, Lizzie, Lizzy, Beth, Betty, Bette, Betsy, Eliza, Libby, Lisa, Elsie, Bess, Bessie, Ellie, Liza, Lilibet
Ellen: Ellie, Nell
Emily: Em, Emmy, Millie, Milly
Emma: Em, Emmy
Evelyn: Evie, Eve, Lyn
Florence: Flo, Florrie, Flossie
Frances: Fran, Frankie, Fanny
Francesca: Fran, Frankie, Chessie
Francis: Frank, Frankie
Frederick: Fred, Freddie, Freddy
Gabriel: Gabe
Gabriella: Gabby, Gabi, Ella
Gareth: Gaz
Gary: Gaz
George: Georgie
Georgia: Georgie
Georgina: Georgie, Gina
Gerald: Gerry, Jerry
Gregory: Greg
Hannah: Annie
Harold: Harry, Hal
Harriet: Hattie, Hatty
Harrison: Harry, Harri
Henry: Harry, Hal, Hank
Imogen: Immy, Imi
Isaac: Ike, Zac
Isabel: Izzy, Bel, Belle
Isabella: Bella, Izzy, Issy, Izzie, Belle
Jacob: Jake, Jack, Jakey
Jacqueline: Jackie, Jacqui
James: Jim, Jimmy, Jamie, Jem
Jennifer: Jen, Jenny, Jenni
Jessica: Jess, Jessie
Joanne: Jo, Jojo
Jonathan: Jon, Jonny, Jonty
John: Jack, Johnny, Jon, Jonny, Johnnie
Joseph: Joe, Joey, Jo, Jos
Josephine: Jo, Josie, Jojo
Joshua: Josh
Julia: Jules, Julie
Julian: Jules
Juliet: Jules, Julie
Kenneth: Ken, Kenny
Kevin: Kev
Kimberley: Kim
Lawrence: Larry, Laurie, Lol
Leonard: Len, Lenny, Leo
Louis: Lou, Louie
Louise: Lou, Lulu
Lucinda: Lucy, Cindy
Madeleine: Maddie, Maddy
Margaret: Maggie, Meg, Peggy, Madge, Greta, Marge, Margie, Mags
Martin: Marty
Mary: Molly, Polly, Mae, May
Matilda: Tilly, Tillie, Mattie, Maud
Matthew: Matt, Matty
Maximilian: Max
Maxwell: Max
Megan: Meg
Melanie: Mel
Melissa: Mel, Missy
Michael: Mike, Mick, Micky, Mickey, Mikey
Mohammed: Mo, Moe
Natalie: Nat, Tally
Nathan: Nate, Nat
Nathaniel: Nat, Nate, Nathan
Nicholas: Nick, Nicky, Nico
Nicola: Nicky, Nikki, Nic
Oliver: Ollie, Olly, Ol
Olivia: Liv, Livvy, Livia, Ollie
Oscar: Ozzy, Ossie
Patricia: Pat, Patty, Patsy, Tricia, Trish
Patrick: Pat, Paddy
Penelope: Penny, Pen
Peter: Pete
Philip: Phil, Pip
Raymond: Ray
Rebecca: Becky, Becca, Bex
Reginald: Reggie, Reg
Richard: Rich, Richie, Rick, Ricky, Dick, Dickie
Robert: Rob, Robbie, Bob, Bobby, Bert
Ronald: Ron, Ronnie
Rosemary: Rosie, Rose
Samantha: Sam, Sammie, Sammy
Samuel: Sam, Sammy
Sarah: Sally, Sadie
Sebastian: Seb, Bastian
Simon: Si
Sophia: Sophie, Soph
Stanley: Stan
Stephanie: Steph, Steffi
Stephen: Steve, Stevie
Steven: Steve, Stevie
Stuart: Stu
Susan: Sue, Suzy, Susie
Terence: Terry
Theodore: Theo, Ted, Teddy
Theresa: Tess, Tessa, Terri
Thomas: Tom, Tommy, Thom
Timothy: Tim, Timmy
Tobias: Toby, Tobi
Tyrone: Ty
Valerie: Val
Victoria: Vicky, Vicki, Tori, Vic
Vincent: Vince, Vinny
William: Will, Bill, Billy, Willie, Willy, Liam, Wills
Zachary: Zach, Zack, Zak
Oluwatobi: Tobi
Oluwaseun: Seun
Oluwafemi: Femi
Babatunde: Tunde
Chidiebere: Chidi
Chukwuemeka: Emeka
Abdullah: Abdul
`;

/** Usual spelling: other spellings of the same name. */
const SPELLINGS = `
Aaliyah: Aliyah, Aleah, Aliya
Aaron: Aron, Arron
Ahmed: Ahmad, Ahmet
Aidan: Aiden, Ayden, Aden
Aisha: Ayesha, Aysha, Aishah
Alan: Allan, Allen
Ann: Anne
Brian: Bryan
Callum: Calum
Carl: Karl
Catherine: Katherine, Kathryn, Katharine, Catharine, Cathryn, Kathrine, Kathleen
Chloe: Chloë, Cloe
Claire: Clare
Connor: Conor, Conner
Darcie: Darcey, Darcy, Darci
Deborah: Debra
Dominic: Dominik
Dylan: Dillon
Eleanor: Elinor, Eleanore, Elenor
Elliot: Elliott, Eliot
Esme: Esmée, Esmae
Fatima: Fatimah
Finley: Finlay, Findlay
Frederick: Fredrick
Freya: Freja, Freyja
Gabriella: Gabriela, Gabrielle
Gemma: Jemma
Geoffrey: Jeffrey
Graham: Graeme
Hamza: Hamzah
Hannah: Hanna, Hana
Hayley: Haley, Hailey, Haylee
Holly: Hollie
Hussain: Husain, Hussein
Iain: Ian
Ibrahim: Ebrahim
Isabel: Isobel, Isabelle
Isabella: Isabel, Isobella
Isaiah: Isiah
Jacob: Jakob, Jakub
Jayden: Jaden, Jaiden, Jaydon
Jada: Jayda
Jamal: Jamaal
Jenson: Jensen
Joanne: Joanna, Joann
Juliet: Juliette
Kasper: Kacper, Casper
Kayla: Kaila, Kaylah
Keisha: Keesha
Kerry: Keri, Kerri
Kieran: Ciaran, Kieron
Kimberley: Kimberly
Kirsty: Kirstie
Lawrence: Laurence
Layla: Leila, Laila, Lailah
Leah: Lea, Leia
Leanne: Lianne
Lee: Leigh
Lewis: Louis
Lexi: Lexie, Lexy
Lucy: Lucie
Maisie: Maisy, Maizie, Mazie
Malachi: Malakai
Marcus: Markus
Mark: Marc
Maryam: Mariam, Miriam
Megan: Meghan, Meagan
Mohammed: Muhammad, Muhammed, Mohammad, Mohamed, Mohamad, Mohammod, Muhamed
Mollie: Molly
Neil: Neal
Nicholas: Nicolas
Nicola: Nichola
Omar: Umar
Paige: Page
Philip: Phillip
Rebecca: Rebekah
Reuben: Ruben
Riley: Rylee, Reilly
Sarah: Sara
Sean: Shaun, Shawn
Shanice: Shaniece
Sienna: Siena
Stacey: Stacy
Stephen: Steven
Stewart: Stuart
Theresa: Teresa
Tracy: Tracey
Yusuf: Yousef, Yusef, Yousuf
Zainab: Zaynab
Zoe: Zoey, Zoë
`;

function variantRows(): { name: string; variant: string; kind: string }[] {
  const rows = new Map<string, { name: string; variant: string; kind: string }>();
  for (const [text, kind] of [
    [SHORT_FORMS, "short_form"],
    [SPELLINGS, "spelling"],
  ] as const) {
    for (const line of text.split("\n")) {
      const [name, list] = line.split(":");
      if (!name || !list) continue;
      for (const variant of list.split(",").map((v) => v.trim()).filter(Boolean)) {
        const key = `${name.trim().toLowerCase()}|${variant.toLowerCase()}`;
        if (variant.toLowerCase() !== name.trim().toLowerCase() && !rows.has(key)) rows.set(key, { name: name.trim(), variant, kind });
      }
    }
  }
  return [...rows.values()];
}
