use leptos::prelude::*;
use stytch_core::StytchError;
use stytch_models::Member;
use stytch_models::api::organizations::{MemberSearchRequest, SearchQuery};

use crate::provider::StytchContext;

/// Options of [`use_member_search_with_options`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseMemberSearchOptions, use_member_search_with_options};
///
/// // Twenty members per page.
/// #[component]
/// fn FirstMembers() -> impl IntoView {
///     let search = use_member_search_with_options(None, UseMemberSearchOptions { limit: Some(20) });
///     move || search.members.get().len()
/// }
/// ```
#[derive(Clone, Debug, Default)]
pub struct UseMemberSearchOptions {
    /// Members per page, 1 to 1000; Stytch's default (100) when `None`.
    pub limit: Option<u32>,
}

/// Return type of [`use_member_search`].
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseMemberSearchReturn, use_member_search};
///
/// // Everyone in the organization, with a count, errors and a refresh button.
/// #[component]
/// fn Roster() -> impl IntoView {
///     let UseMemberSearchReturn { members, total, loading, error, refetch, .. } = use_member_search(None);
///     view! {
///         <p aria-live="polite">
///             {move || match (error.get(), total.get()) {
///                 (Some(e), _) => format!("Can't list members: {e}"),
///                 (None, Some(n)) => format!("{} of {n} members", members.with(Vec::len)),
///                 (None, None) => "Loading…".to_owned(),
///             }}
///         </p>
///         <button disabled=move || loading.get() on:click=move |_| refetch.run(())>"Refresh"</button>
///     }
/// }
/// ```
#[derive(Clone, Copy)]
pub struct UseMemberSearchReturn {
    /// The members found: the first page, then every page [`load_more`](Self::load_more)
    /// appended. Empty while signed out.
    pub members: Signal<Vec<Member>>,
    /// How many members match across all pages; `None` until the first answer.
    pub total: Signal<Option<u64>>,
    /// Whether another page can be loaded.
    pub has_more: Signal<bool>,
    /// True while a request runs.
    pub loading: Signal<bool>,
    /// Why the last request failed, e.g. `session_authorization_error` for a member whose roles do
    /// not allow `search` on `stytch.member`. Cleared by the next answer.
    pub error: Signal<Option<StytchError>>,
    /// Fetches the next page and appends it; does nothing while loading or on the last page.
    pub load_more: Callback<()>,
    /// Searches again from the first page, e.g. after inviting or removing a member.
    pub refetch: Callback<()>,
}

/// The signed-in member's organization's members matching `query`, as the official
/// `organization.members.search`, kept current: it searches again when the query changes or
/// the member switches organization, and answers that arrive after a newer search started
/// are dropped, so a search box can feed it every keystroke. `None` lists every member not
/// deleted. Needs a member whose roles allow `search` on `stytch.member`.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::use_member_search;
/// use stytch_models::api::organizations::{SearchOperand, SearchQuery};
///
/// #[component]
/// fn Members() -> impl IntoView {
///     let text = RwSignal::new(String::new());
///     let query = Signal::derive(move || {
///         let text = text.get();
///         (text.chars().count() >= 3)
///             .then(|| SearchQuery::all_of(vec![SearchOperand::member_email_fuzzy(&text)]))
///     });
///     let search = use_member_search(query);
///     view! {
///         <input aria-label="Search members" bind:value=text/>
///         <ul>
///             <For each=move || search.members.get() key=|m| m.member_id.clone() let:member>
///                 <li>{member.email_address}</li>
///             </For>
///         </ul>
///         <Show when=move || search.has_more.get()>
///             <button on:click=move |_| search.load_more.run(())>"More"</button>
///         </Show>
///     }
/// }
/// ```
///
/// ## Server-Side Rendering
/// On the server nothing is searched: `members` is empty and `total` is `None`.
#[track_caller]
pub fn use_member_search(query: impl Into<Signal<Option<SearchQuery>>>) -> UseMemberSearchReturn {
    use_member_search_with_options(query, UseMemberSearchOptions::default())
}

/// [`use_member_search`] with a page size.
///
/// ```no_run
/// use leptos::prelude::*;
/// use stytch_leptos::{UseMemberSearchOptions, use_member_search_with_options};
///
/// # #[component]
/// # fn Admins() -> impl IntoView {
/// let first_twenty = use_member_search_with_options(
///     Signal::stored(None),
///     UseMemberSearchOptions { limit: Some(20) },
/// );
/// # move || first_twenty.members.get().len()
/// # }
/// ```
#[track_caller]
pub fn use_member_search_with_options(
    query: impl Into<Signal<Option<SearchQuery>>>,
    options: UseMemberSearchOptions,
) -> UseMemberSearchReturn {
    let context = StytchContext::expect();
    let stytch = crate::use_stytch();
    let query = query.into();
    let members = RwSignal::new(Vec::<Member>::new());
    let total = RwSignal::new(None::<u64>);
    let next_cursor = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<StytchError>);
    // Each new search takes a number; an answer whose number is not the latest is dropped.
    let generation = StoredValue::new(0u64);

    let search = move |cursor: Option<String>| {
        let Some(client) = stytch.client() else {
            return;
        };
        let appending = cursor.is_some();
        if !appending {
            generation.update_value(|g| *g += 1);
        }
        let this = generation.get_value();
        let request = MemberSearchRequest {
            query: query.get_untracked(),
            limit: options.limit,
            cursor,
            ..Default::default()
        };
        loading.set(true);
        leptos::task::spawn_local(async move {
            let answer = client.organization().search_members(&request).await;
            if generation.try_get_value() != Some(this) {
                return;
            }
            match answer {
                Ok(page) => {
                    members.try_update(|list| {
                        if !appending {
                            list.clear();
                        }
                        list.extend(page.members);
                    });
                    total.try_set(Some(page.results_metadata.total));
                    next_cursor.try_set(page.results_metadata.next_cursor);
                    error.try_set(None);
                }
                Err(e) => {
                    if !appending {
                        members.try_set(Vec::new());
                        total.try_set(None);
                        next_cursor.try_set(None);
                    }
                    error.try_set(Some(e));
                }
            }
            loading.try_set(false);
        });
    };

    // Refreshes change the session but not whose it is: search again only when the member or
    // organization changes.
    let signed_in_as = Memo::new(move |_| {
        context
            .session
            .with(|s| s.as_ref().map(|s| (s.member_id.clone(), s.organization_id.clone())))
    });
    Effect::new(move |_| {
        query.track();
        if signed_in_as.get().is_some() {
            search(None);
        } else {
            generation.update_value(|g| *g += 1);
            members.set(Vec::new());
            total.set(None);
            next_cursor.set(None);
            error.set(None);
            loading.set(false);
        }
    });

    UseMemberSearchReturn {
        members: members.into(),
        total: total.into(),
        has_more: Signal::derive(move || next_cursor.with(Option::is_some)),
        loading: loading.into(),
        error: error.into(),
        load_more: Callback::new(move |()| {
            if !loading.get_untracked()
                && let Some(cursor) = next_cursor.get_untracked()
            {
                search(Some(cursor));
            }
        }),
        refetch: Callback::new(move |()| {
            if signed_in_as.get_untracked().is_some() {
                search(None);
            }
        }),
    }
}
