/** One on/off setting of a user as a one-button form (works without JavaScript); the button names the user. */
export function UserToggleForm(props: {
  action: (form: FormData) => Promise<void>;
  locale: string;
  userId: string;
  userName: string;
  field: string;
  on: boolean;
  turnOn: string;
  turnOff: string;
}) {
  const label = props.on ? props.turnOff : props.turnOn;
  return (
    <form action={props.action}>
      <input type="hidden" name="locale" value={props.locale} />
      <input type="hidden" name="userId" value={props.userId} />
      <input type="hidden" name={props.field} value={props.on ? "false" : "true"} />
      <button type="submit" className="secondary" aria-label={`${label}: ${props.userName}`}>
        {label}
      </button>
    </form>
  );
}
