/**
 * Common given names in England and Wales (the ONS baby-name lists for children now of school age, plus
 * the short forms pupils use), lower-case. Used only to spot a child's name in an `exposure` excerpt so
 * it can be masked; a name missing here is still caught when a year group or class follows it.
 */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  `
aaliyah aaron abdul abdullah abi abigail ada adam aiden aisha aleena alex alexa alexander alfie alice alicia
alisha amaan amara amber amelia amelie amir amy ana anaya andrew aniyah anna annabelle archie aria ariana
arlo arthur arya ashton aurora austin ava ayaan ayesha bailey beatrice bella ben benjamin bethany billy
blake bobby bonnie brooke caleb callum cameron carter casey charlie charlotte chloe christopher ciara cleo
connor cora daisy daniel danny darcey darcie darcy david dexter dylan eden edward eleanor elijah eliza
ella ellie elliot elliott ellis elsie emilia emily emma eric erin esme ethan eva evan evelyn evie ezra
faith farah fatima felix finley finn florence frankie freddie frederick freya gabriel george georgia
grace gracie grayson hope hannah harley harper harriet harris harrison harry harvey hassan hayden hollie holly
hugo ibrahim imogen isaac isabel isabella isabelle isla ismail ivy jack jackson jacob jake james
jamie jasmine jaxon jayden jenson jess jessica joe joel john jonah jonathan jordan joseph josh joshua
jude julia kai kayden kayla keira kian kieran kyle lacey layla leah leo leon lewis liam lily lola
louie louis lucas lucy luke luna lydia lyla macie maddison madison maisie maria mariam marcus martha
maryam mason matilda matthew max maya megan mia michael mila millie mohammed mohammad molly muhammad
musa mya nancy nathan niamh noah nora nyla olivia ollie oliver omar oscar owen paige penelope phoebe
piper poppy reggie reuben riley robert roman ronnie rory rose rosie ruby rupert ryan sadie safa samuel sara
sarah scarlett sebastian sienna sofia sophia sophie stanley summer taylor teddy theo theodore thomas
toby tommy tyler victoria violet willow william xavier yusuf zac zach zachary zain zara zoe zayn
`.trim().split(/\s+/),
);

/** Given names that are also ordinary words: masked only when written with a capital letter. */
export const WORD_LIKE_NAMES: ReadonlySet<string> = new Set([
  'amber', 'austin', 'bailey', 'billy', 'blake', 'bonnie', 'daisy', 'eden', 'faith', 'frankie', 'holly', 'ivy', 'jack',
  'jade', 'jude', 'kai', 'lacey', 'lily', 'luna', 'max', 'nancy', 'piper', 'poppy', 'reggie', 'robert', 'ruby',
  'rose', 'summer', 'taylor', 'violet', 'willow', 'grace', 'hope',
]);
